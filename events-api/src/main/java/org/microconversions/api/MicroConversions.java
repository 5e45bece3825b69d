package org.microconversions.api;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * The programmatic API, for places where an annotation does not fit. Inject it:
 *
 * <pre>{@code
 * @Inject MicroConversions conversions;
 *
 * @MicroConversion(value = "purchase", kind = Kind.MACRO)
 * public Order checkout(Cart cart) {
 *     Order order = ...;
 *     // enrich the conversion this method records when it returns
 *     conversions.current().ifPresent(c -> c.value(order.total(), "EUR").attribute("items", "3"));
 *     return order;
 * }
 *
 * public void onVideoPlayed() {
 *     conversions.record("video-play");                       // record one by hand
 *     conversions.conversion("share").attribute("network", "email").record();
 * }
 * }</pre>
 *
 * <p>Recorded conversions take the visitor, session, channel and variants of the current
 * request. Names must be valid ({@link MicroConversionEvent#isValidName(String)}) and, when an
 * allowlist is configured, on it: otherwise {@link IllegalArgumentException}.
 *
 * @since 0.1
 */
public interface MicroConversions {

    /**
     * Records a micro conversion now. Never blocks on storage or forwarding.
     *
     * @param name the conversion name
     * @return the event id, or empty when tracking is disabled
     * @throws IllegalArgumentException if the name is invalid or not allowed
     */
    Optional<UUID> record(String name);

    /**
     * Starts a conversion with details; nothing is recorded until {@link Recording#record()}.
     *
     * @param name the conversion name
     * @return a builder for the conversion
     * @throws IllegalArgumentException if the name is invalid or not allowed
     */
    Recording conversion(String name);

    /**
     * The conversion that the innermost {@link MicroConversion}-annotated method running on this
     * thread will record if it succeeds, to add details from inside the method.
     *
     * @return the pending conversion, or empty outside an annotated method
     */
    Optional<PendingConversion> current();

    /**
     * Details of a conversion recorded by hand.
     *
     * @since 0.1
     */
    interface Recording {
        /** @param kind micro or macro @return this */
        Recording kind(Kind kind);

        /** @param value monetary value @param currency ISO 4217 code @return this */
        Recording value(BigDecimal value, String currency);

        /** @param key attribute key @param value attribute value @return this */
        Recording attribute(String key, String value);

        /** @param userId the shop's user id @return this */
        Recording userId(String userId);

        /**
         * Overrides the configured durability of this one conversion. Without it, the same rule as
         * for annotated methods applies: durable when the name is in
         * {@code microconversions.durable.names} or the kind in {@code microconversions.durable.kinds}.
         *
         * @param durability {@link Durability#DURABLE}: {@link #record()} returns once the
         *                   conversion is committed (or the wait timed out); {@link Durability#BUFFERED}:
         *                   it returns at once; {@link Durability#BY_KIND}: the configured rule
         * @return this
         * @since 0.2
         */
        Recording durable(Durability durability);

        /**
         * Records the conversion. A durable conversion returns once it is committed, at most
         * {@code microconversions.durable.timeout} later.
         *
         * @return the event id, or empty when tracking is disabled
         * @throws IllegalArgumentException if a detail breaks the bounds of {@link MicroConversionEvent}
         */
        Optional<UUID> record();
    }

    /**
     * The conversion an annotated method will record when it returns normally.
     *
     * @since 0.1
     */
    interface PendingConversion {
        /** @return the conversion name */
        String name();

        /** @param value monetary value @param currency ISO 4217 code @return this */
        PendingConversion value(BigDecimal value, String currency);

        /** @param key attribute key @param value attribute value @return this */
        PendingConversion attribute(String key, String value);

        /** @param userId the shop's user id @return this */
        PendingConversion userId(String userId);

        /** Do not record this call, although the method returns normally. */
        void cancel();
    }
}
