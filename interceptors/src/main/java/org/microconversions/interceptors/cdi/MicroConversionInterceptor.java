package org.microconversions.interceptors.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.microconversions.api.MicroConversion;
import org.microconversions.interceptors.record.Invocations;
import org.microconversions.interceptors.record.Recorder;

/**
 * Binds {@link MicroConversion} to CDI beans. Runs inside {@code @Transactional} (whose
 * interceptor has a lower priority), so the recording can wait for the commit.
 */
@MicroConversion
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 50)
public class MicroConversionInterceptor {

    @Inject
    MicroConversionExtension extension;

    @Inject
    Recorder recorder;

    @AroundInvoke
    Object record(InvocationContext ctx) throws Exception {
        return Invocations.around(recorder, extension.plan(ctx.getMethod()), ctx);
    }
}
