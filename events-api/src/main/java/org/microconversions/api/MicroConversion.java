package org.microconversions.api;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import jakarta.ws.rs.NameBinding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Records a micro (or macro) conversion every time the annotated method completes successfully.
 *
 * <p>Given a CDI bean method annotated like this:
 * <pre>{@code
 * @ApplicationScoped
 * public class Cart {
 *     @MicroConversion("add-to-cart")
 *     public void add(String sku, int quantity) { ... }
 * }
 * }</pre>
 * every call to {@code add} that returns normally records one {@link MicroConversionEvent} named
 * {@code add-to-cart}: it is counted in the metric {@code microconversions_conversions_total
 * {name="add-to-cart",kind="micro"}}, persisted, and offered to the configured sinks. A call that
 * throws is not a conversion; it is counted in {@code microconversions_failures_total}.
 *
 * <p>On a JAX-RS resource method the annotation also acts as a {@link NameBinding}: the conversion
 * is recorded by a response filter, only when the response status is 2xx.
 *
 * <p>On a type, the annotation applies to every business method of the type; a method-level
 * annotation overrides it. With an empty {@link #value()} the name is derived from the method
 * name ({@code addToCart} becomes {@code add-to-cart}).
 *
 * <p>Names are validated when the application is deployed: lowercase, {@code [a-z][a-z0-9_-]*},
 * at most 40 characters. An invalid name fails the deployment with a message naming the method.
 *
 * <p>All members are {@link Nonbinding}, so one interceptor serves every use.
 *
 * @since 0.1
 */
@Inherited
@Documented
@InterceptorBinding
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface MicroConversion {

    /**
     * The conversion name, e.g. {@code add-to-cart}. Lowercase, {@code [a-z][a-z0-9_-]*}, at most
     * 40 characters. Default: empty, which derives the name from the method name.
     *
     * @return the conversion name
     */
    @Nonbinding
    String value() default "";

    /**
     * Whether this is a micro conversion (a step towards the sale) or the macro conversion (the
     * sale itself, e.g. {@code purchase}). Default: {@link Kind#MICRO}.
     *
     * @return the kind of conversion
     */
    @Nonbinding
    Kind kind() default Kind.MICRO;

    /**
     * Whether the call returns only once its conversion is committed to the store. Default:
     * {@link Durability#BY_KIND}, which makes macro conversions durable and micro conversions
     * buffered (configurable with {@code microconversions.durable.kinds} and
     * {@code microconversions.durable.names}). Resolved once per method at deployment.
     *
     * <p>A durable call waits at most {@code microconversions.durable.timeout} (2 s); then it
     * returns anyway and the wait is counted in {@code microconversions_durable_timeouts_total}:
     * tracking never fails the shop's request.
     *
     * @return the durability of the conversion
     * @since 0.2
     */
    @Nonbinding
    Durability durable() default Durability.BY_KIND;

    /**
     * Literal for programmatic use, e.g. with {@code BeanManager} or Weld tests.
     *
     * @since 0.1
     */
    final class Literal extends AnnotationLiteral<MicroConversion> implements MicroConversion {
        private static final long serialVersionUID = 1L;

        /** The literal with default members, as used to bind the interceptor. */
        public static final Literal INSTANCE = of("", Kind.MICRO);

        private final String value;
        private final Kind kind;
        private final Durability durable;

        private Literal(String value, Kind kind, Durability durable) {
            this.value = value;
            this.kind = kind;
            this.durable = durable;
        }

        /**
         * @param value the conversion name
         * @param kind  the kind of conversion
         * @return a literal with these members
         */
        public static Literal of(String value, Kind kind) {
            return new Literal(value, kind, Durability.BY_KIND);
        }

        /**
         * @param value   the conversion name
         * @param kind    the kind of conversion
         * @param durable whether the call waits for the commit
         * @return a literal with these members
         * @since 0.2
         */
        public static Literal of(String value, Kind kind, Durability durable) {
            return new Literal(value, kind, Objects.requireNonNull(durable, "durable"));
        }

        @Override
        public String value() {
            return value;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public Durability durable() {
            return durable;
        }
    }
}
