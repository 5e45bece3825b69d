package org.microconversions.interceptors.record;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.reflect.Method;

/**
 * What the JAX-RS response filter does: record a 2xx response of an annotated resource method,
 * count any other status as a failure, with the details the interceptor handed over.
 */
@ApplicationScoped
public class ResponseRecording {

    @Inject
    Recorder recorder;

    @Inject
    MethodPlans plans;

    /** Forgets what an earlier request on this thread left behind. */
    public void requestStarted() {
        CallStack.clearHandoff();
    }

    /**
     * @param resourceMethod the matched resource method, or null
     * @param status         the response status
     */
    public void responded(Method resourceMethod, int status) {
        if (resourceMethod == null || !recorder.enabled()) {
            return;
        }
        MethodPlan plan = plans.plan(resourceMethod);
        if (plan == MethodPlan.NONE) {
            return;
        }
        CallStack.Handoff handoff = CallStack.takeHandoff(CallStack.current(), plan);
        if (status >= 200 && status < 300) {
            if (!handoff.failed()) {
                recorder.succeeded(plan, handoff.details(), recorder.visitor());
            }
        } else if (!handoff.failed()) {
            recorder.failedStatus(plan, status);
        }
    }
}
