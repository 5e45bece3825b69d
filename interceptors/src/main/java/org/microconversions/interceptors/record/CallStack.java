package org.microconversions.interceptors.record;

/**
 * Per-thread stack of the annotated methods running on it, so {@code MicroConversions.current()}
 * finds the innermost one. Arrays rather than objects per call: the call path allocates nothing
 * here unless details are actually added.
 *
 * <p>Also hands a JAX-RS resource method's outcome from the interceptor to the response filter,
 * which runs later on the same thread and alone knows the status code.
 */
public final class CallStack {

    private static final ThreadLocal<CallStack> CURRENT = ThreadLocal.withInitial(CallStack::new);
    private static final Details FAILED = new Details("failed");

    private MethodPlan[] plans = new MethodPlan[4];
    private Details[] details = new Details[4];
    private int depth;

    private MethodPlan handoffPlan;
    private Details handoffDetails;

    private CallStack() {
    }

    static CallStack current() {
        return CURRENT.get();
    }

    int push(MethodPlan plan) {
        if (depth == plans.length) {
            plans = java.util.Arrays.copyOf(plans, depth * 2);
            details = java.util.Arrays.copyOf(details, depth * 2);
        }
        plans[depth] = plan;
        return depth++;
    }

    Details pop(int at) {
        Details d = details[at];
        plans[at] = null;
        details[at] = null;
        depth = at;
        return d;
    }

    /** @return details of the innermost pending conversion, created on first use; null if none */
    Details top() {
        if (depth == 0) {
            return null;
        }
        Details d = details[depth - 1];
        if (d == null) {
            d = new Details(plans[depth - 1].name());
            details[depth - 1] = d;
        }
        return d;
    }

    void handOff(MethodPlan plan, Details d, boolean failed) {
        handoffPlan = plan;
        handoffDetails = failed ? FAILED : d;
    }

    /** Forgets any hand-off left by an earlier request on this thread. */
    public static void clearHandoff() {
        CallStack s = CURRENT.get();
        s.handoffPlan = null;
        s.handoffDetails = null;
    }

    /** What the interceptor left for this plan's response. */
    record Handoff(boolean interceptorRan, boolean failed, Details details) {
        static final Handoff NONE = new Handoff(false, false, null);
    }

    Handoff takeHandoff(MethodPlan plan) {
        if (handoffPlan != plan) {
            return Handoff.NONE;
        }
        Details d = handoffDetails;
        handoffPlan = null;
        handoffDetails = null;
        return d == FAILED ? new Handoff(true, true, null) : new Handoff(true, false, d);
    }
}
