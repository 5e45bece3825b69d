package org.microconversions.interceptors.record;

import java.lang.reflect.Method;

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
}
