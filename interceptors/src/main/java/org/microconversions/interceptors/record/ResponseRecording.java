package org.microconversions.interceptors.record;

import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * What the JAX-RS response filter does: record a 2xx response of an annotated resource method,
 * count any other status as a failure, with the details the interceptor handed over.
 *
 * <p>Not a bean: the {@link Recorder} makes it, bound to the recorder instance itself, and the
 * filter holds it ({@link Recorder#responses()}). A bean's method returning {@code this} does not
 * escape its client proxy, because Weld hands the proxy back instead, so the filter held proxies
 * and paid three proxy hops on every response (docs/performance.md).
 */
public final class ResponseRecording {

    private final Recorder recorder;
    private final Function<Method, MethodPlan> planner;

    ResponseRecording(Recorder recorder, Function<Method, MethodPlan> planner) {
        this.recorder = recorder;
        this.planner = planner;
    }

    /** @return the recorder this calls: for a test that it is the instance, not a proxy */
    Recorder recorder() {
        return recorder;
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
