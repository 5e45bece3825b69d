package org.microconversions.interceptors.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.microconversions.api.MicroConversion;
import org.microconversions.interceptors.record.Invocations;
import org.microconversions.interceptors.record.MethodPlan;

import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * Binds {@link MicroConversion} to CDI beans. Runs inside {@code @Transactional} (whose
 * interceptor has a lower priority), so the recording can wait for the commit.
 */
@MicroConversion
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 50)
public class MicroConversionInterceptor {

    // Plain objects bound to the beans' instances, not the client proxies Weld injects: a proxy
    // hop costs a context lookup, an argument array and a reflective call on every call.
    private final Function<Method, MethodPlan> plans;
    private final Invocations invocations;

    @Inject
    MicroConversionInterceptor(Advice advice) {
        this.plans = advice.plans();
        this.invocations = advice.invocations();
    }

    @AroundInvoke
    Object record(InvocationContext ctx) throws Exception {
        return invocations.around(plans.apply(ctx.getMethod()), ctx);
    }
}
