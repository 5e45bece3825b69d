package org.microconversions.interceptors.record;

import java.util.Arrays;

/**
 * Per-thread stack of the annotated methods running on it, so {@code MicroConversions.current()}
 * finds the innermost one. Arrays rather than objects per call: the call path allocates nothing
 * here unless details are actually added.
 *
 * <p>Also hands a JAX-RS resource method's outcome from the interceptor to the response filter,
 * which runs later on the same thread and alone knows the status code.
 *
 * <p>A thread's state lives in JDK types only ({@code Object[]}, {@code int[]}), and holds no
 * library object between calls: a container's pooled threads outlive a redeployment, and a
 * library object left in a thread-local would pin the old application's class loader.
 */
public final class CallStack {

    private static final ThreadLocal<Object[]> CURRENT = ThreadLocal.withInitial(CallStack::newState);
    private static final Details FAILED = new Details("failed");

    // slots of a thread's state
    private static final int PLANS = 0;
    private static final int DETAILS = 1;
    private static final int DEPTH = 2;
    private static final int HANDOFF_PLAN = 3;
    private static final int HANDOFF_DETAILS = 4;

    private CallStack() {
    }

    private static Object[] newState() {
        return new Object[]{new Object[4], new Object[4], new int[1], null, null};
    }

    /** @return the calling thread's state, for the other methods */
    static Object[] current() {
        return CURRENT.get();
    }

    static int push(Object[] s, MethodPlan plan) {
        int[] depth = (int[]) s[DEPTH];
        Object[] plans = (Object[]) s[PLANS];
        int at = depth[0];
        if (at == plans.length) {
            plans = Arrays.copyOf(plans, at * 2);
            s[PLANS] = plans;
            s[DETAILS] = Arrays.copyOf((Object[]) s[DETAILS], at * 2);
        }
        plans[at] = plan;
        depth[0] = at + 1;
        return at;
    }

    /** Pops the frame at {@code at} (and any above it) and returns its details, or null. */
    static Details pop(Object[] s, int at) {
        Object[] plans = (Object[]) s[PLANS];
        Object[] details = (Object[]) s[DETAILS];
        int[] depth = (int[]) s[DEPTH];
        Details d = (Details) details[at];
        for (int i = at; i < depth[0]; i++) {
            plans[i] = null;
            details[i] = null;
        }
        depth[0] = at;
        return d;
    }

    /** @return details of the innermost pending conversion, created on first use; null if none */
    static Details top(Object[] s) {
        int depth = ((int[]) s[DEPTH])[0];
        if (depth == 0) {
            return null;
        }
        Object[] details = (Object[]) s[DETAILS];
        Details d = (Details) details[depth - 1];
        if (d == null) {
            d = new Details(((MethodPlan) ((Object[]) s[PLANS])[depth - 1]).name());
            details[depth - 1] = d;
        }
        return d;
    }

    static void handOff(Object[] s, MethodPlan plan, Details d, boolean failed) {
        s[HANDOFF_PLAN] = plan;
        s[HANDOFF_DETAILS] = failed ? FAILED : d;
    }

    /** Forgets any hand-off left on this thread (at the start and the end of each request). */
    public static void clearHandoff() {
        Object[] s = CURRENT.get();
        s[HANDOFF_PLAN] = null;
        s[HANDOFF_DETAILS] = null;
    }

    /** What the interceptor left for this plan's response. */
    record Handoff(boolean interceptorRan, boolean failed, Details details) {
        static final Handoff NONE = new Handoff(false, false, null);
    }

    static Handoff takeHandoff(Object[] s, MethodPlan plan) {
        if (s[HANDOFF_PLAN] != plan) {
            return Handoff.NONE;
        }
        Details d = (Details) s[HANDOFF_DETAILS];
        s[HANDOFF_PLAN] = null;
        s[HANDOFF_DETAILS] = null;
        return d == FAILED ? new Handoff(true, true, null) : new Handoff(true, false, d);
    }
}
