package org.microconversions.interceptors.bench;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Only proceeds. Same priority as the MicroConversion interceptor. */
@Empty
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 50)
public class EmptyInterceptor {

    @AroundInvoke
    Object proceed(InvocationContext ctx) throws Exception {
        return ctx.proceed();
    }
}
