package org.microconversions.interceptors.record;

import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.function.Function;

/**
 * The interceptor's method-to-plan lookup, keyed by identity. The container hands the
 * interceptor the same {@link Method} object on every call of a method, but not the one the
 * plans were prepared with, so an equality-keyed map compares names and parameter types on each
 * call; identity skips that and the hash computation.
 *
 * <p>Copy-on-write: reads use a map that is never modified after publication; a miss asks the
 * source once and publishes a bigger copy. Bounded, in case a container made new {@code Method}
 * objects per call: past {@value #MAX_ENTRIES} entries, misses just ask the source.
 */
public final class PlanCache implements Function<Method, MethodPlan> {

    static final int MAX_ENTRIES = 4096;

    private final Function<Method, MethodPlan> source;
    private volatile IdentityHashMap<Method, MethodPlan> plans = new IdentityHashMap<>();

    /** @param source the authoritative lookup (by {@link Method#equals}) */
    public PlanCache(Function<Method, MethodPlan> source) {
        this.source = source;
    }

    @Override
    public MethodPlan apply(Method method) {
        MethodPlan plan = plans.get(method);
        return plan != null ? plan : miss(method);
    }

    private synchronized MethodPlan miss(Method method) {
        MethodPlan plan = source.apply(method);
        IdentityHashMap<Method, MethodPlan> current = plans;
        if (current.size() < MAX_ENTRIES && !current.containsKey(method)) {
            IdentityHashMap<Method, MethodPlan> copy = new IdentityHashMap<>(current);
            copy.put(method, plan);
            plans = copy;
        }
        return plan;
    }

    int size() {
        return plans.size();
    }
}
