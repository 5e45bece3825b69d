package org.microconversions.interceptors.cdi;

import org.microconversions.interceptors.record.Invocations;
import org.microconversions.interceptors.record.MethodPlan;

import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * What every {@link MicroConversionInterceptor} instance holds, resolved once per deployment: the
 * method plans and the recorder's around-advice. Weld makes an interceptor instance for every
 * instance of an intercepted bean, so one per request for a JAX-RS resource; asking the
 * extension and the recorder through their client proxies in each constructor cost about 1 µs
 * per request in Open Liberty (docs/performance.md). A {@code @Singleton} is injected without
 * a proxy.
 *
 * @param plans       the plan of each method
 * @param invocations the recorder's around-advice, bound to the recorder instance
 */
record Advice(Function<Method, MethodPlan> plans, Invocations invocations) {
}
