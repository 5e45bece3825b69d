package org.microconversions.interceptors.record;

import jakarta.interceptor.InvocationContext;
import org.microconversions.api.VisitorContext;

import java.util.concurrent.CompletionStage;

/**
 * What the interceptor does around an annotated call: keep a frame for
 * {@code MicroConversions.current()}, proceed, record on normal return, count on exception.
 * Asynchronous results are recorded when they complete, with the visitor captured now.
 */
public final class Invocations {

    /** The recorder instance itself: this object is made by it, never through its proxy. */
    private final Recorder recorder;

    Invocations(Recorder recorder) {
        this.recorder = recorder;
    }

    /**
     * @param plan the method's prepared plan
     * @param ctx  the invocation
     * @return the method's result
     * @throws Exception whatever the method throws, unchanged
     */
    public Object around(MethodPlan plan, InvocationContext ctx) throws Exception {
        if (plan == MethodPlan.NONE || !recorder.enabled()) {
            return ctx.proceed();
        }
        Object[] stack = CallStack.current();
        int frame = CallStack.push(stack, plan);
        Object result;
        try {
            result = ctx.proceed();
        } catch (Exception | Error e) {
            CallStack.pop(stack, frame);
            recorder.failed(plan, e);
            if (plan.http()) {
                CallStack.handOff(stack, plan, null, true);
            }
            throw e;
        }
        Details details = CallStack.pop(stack, frame);
        if (plan.http()) {
            CallStack.handOff(stack, plan, details, false);
        } else if (result instanceof CompletionStage<?> async) {
            VisitorContext visitor = recorder.visitor();
            async.whenComplete((value, failure) -> {
                if (failure == null) {
                    recorder.succeeded(plan, details, visitor);
                } else {
                    recorder.failed(plan, failure);
                }
            });
        } else {
            recorder.succeeded(plan, details, recorder.visitor());
        }
        return result;
    }
}
