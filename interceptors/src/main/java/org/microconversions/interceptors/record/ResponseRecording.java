package org.microconversions.interceptors.record;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * What the JAX-RS response filter does: record a 2xx response of an annotated resource method,
 * count any other status as a failure, with the details the interceptor handed over.
 */
@ApplicationScoped
public class ResponseRecording {

    // The instances behind the client proxies Weld injects: three proxy hops fewer per response
    private Recorder recorder;
    private Function<Method, MethodPlan> planner;

    @Inject
    void bind(Recorder recorder, MethodPlans plans) {
        this.recorder = recorder.direct();
        this.planner = plans.planner();
    }

    /**
     * For the JAX-RS filter to hold: this instance, not the client proxy it is looked up through.
     *
     * @return this
     */
    public ResponseRecording direct() {
        return this;
    }

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
        MethodPlan plan = planner.apply(resourceMethod);
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
