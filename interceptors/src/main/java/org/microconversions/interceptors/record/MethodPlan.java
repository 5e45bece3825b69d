package org.microconversions.interceptors.record;

import jakarta.ws.rs.HttpMethod;
import org.eclipse.microprofile.metrics.Counter;
import org.microconversions.api.Durability;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings.DurableSettings;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Everything about one annotated method that can be prepared once: validated name, kind,
 * origin, whether a JAX-RS filter records it, whether it is durable (settled once, at deployment),
 * and its metric handles after first use.
 */
public final class MethodPlan {

    /** Marks a method that records nothing (an invalid annotation found late). */
    public static final MethodPlan NONE = new MethodPlan("none", Kind.MICRO, "", false, Durability.BUFFERED, false);

    private final String name;
    private final Kind kind;
    private final String origin;
    private final boolean http;
    private final Durability requested;
    private final boolean durable;
    private volatile Counter conversions;
    private final ConcurrentMap<String, Counter> failures = new ConcurrentHashMap<>(2);

    MethodPlan(String name, Kind kind, String origin, boolean http) {
        this(name, kind, origin, http, Durability.BUFFERED, false);
    }

    MethodPlan(String name, Kind kind, String origin, boolean http, Durability requested, boolean durable) {
        this.name = name;
        this.kind = kind;
        this.origin = origin;
        this.http = http;
        this.requested = requested;
        this.durable = durable;
    }

    /**
     * @param method     the annotated method
     * @param annotation its effective annotation (method-level, else type-level)
     * @return the plan
     * @throws IllegalArgumentException if the name is invalid
     */
    public static MethodPlan of(Method method, MicroConversion annotation) {
        String name = annotation.value().isEmpty() ? kebab(method.getName()) : annotation.value();
        MicroConversionEvent.requireValidName(name);
        return new MethodPlan(name, annotation.kind(),
                method.getDeclaringClass().getSimpleName() + "#" + method.getName(), isResourceMethod(method),
                annotation.durable(), annotation.durable() == Durability.DURABLE);
    }

    /**
     * Settles durability once, with the configuration validated at deployment.
     *
     * @param settings {@code microconversions.durable.*}
     * @return this plan, durable or buffered as the annotation and the configuration say
     */
    public MethodPlan resolved(DurableSettings settings) {
        if (this == NONE) {
            return this;
        }
        return new MethodPlan(name, kind, origin, http, requested, settings.durable(name, kind, requested));
    }

    /** {@code addToCart} becomes {@code add-to-cart}. */
    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('-');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A JAX-RS resource method: the response filter records it, when it knows the status. */
    private static boolean isResourceMethod(Method m) {
        if (hasHttpMethod(m.getAnnotations())) {
            return true;
        }
        for (Class<?> i : m.getDeclaringClass().getInterfaces()) {
            try {
                if (hasHttpMethod(i.getMethod(m.getName(), m.getParameterTypes()).getAnnotations())) {
                    return true;
                }
            } catch (NoSuchMethodException ignored) {
                // not declared by this interface
            }
        }
        return false;
    }

    private static boolean hasHttpMethod(Annotation[] annotations) {
        return Arrays.stream(annotations)
                .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
    }

    /** @return the conversion name */
    public String name() {
        return name;
    }

    /** @return micro or macro */
    public Kind kind() {
        return kind;
    }

    /** @return {@code Bean#method} */
    public String origin() {
        return origin;
    }

    /** @return whether a call returns only once its conversion is committed */
    public boolean durable() {
        return durable;
    }

    /** @return true when a JAX-RS filter records it rather than the CDI interceptor */
    public boolean http() {
        return http;
    }

    Counter conversions(Recorder recorder) {
        Counter c = conversions;
        if (c == null) {
            c = recorder.metrics().conversions(name, kind);
            conversions = c;
        }
        return c;
    }

    Counter failures(Recorder recorder, String tag) {
        return failures.computeIfAbsent(tag, k -> recorder.metrics().failures(name, k));
    }

    @Override
    public String toString() {
        return name + " (" + kind.label() + (durable ? ", durable" : "") + ") at " + origin;
    }
}
