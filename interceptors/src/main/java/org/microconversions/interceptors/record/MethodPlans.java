package org.microconversions.interceptors.record;

import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * The plans prepared at deployment, looked up by method. The CDI extension implements it, so
 * recording depends on this interface and not on the extension.
 */
public interface MethodPlans {

    /**
     * @param method an intercepted or JAX-RS resource method
     * @return its plan, or {@link MethodPlan#NONE} when it records nothing
     */
    MethodPlan plan(Method method);

    /**
     * For a caller on every request to hold: {@link #plan(Method)} behind an identity-keyed cache,
     * bound to the implementing instance, so calls skip the client proxy Weld injects.
     *
     * @return the shared lookup
     */
    Function<Method, MethodPlan> planner();
}
