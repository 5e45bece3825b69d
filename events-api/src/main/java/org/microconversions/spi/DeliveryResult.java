package org.microconversions.spi;

import org.microconversions.api.MicroConversionEvent;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The outcome of {@link ConversionSink#deliver}, per event: every event of the batch not listed
 * here was delivered. A listed event carries a {@link Failure}, which says what the outbox does
 * with it:
 *
 * <pre>{@code
 * DeliveryResult.Builder result = DeliveryResult.builder();
 * HttpResponse<String> r = http.send(request(events), ofString());
 * switch (r.statusCode() / 100) {
 *     case 2 -> { }                                                     // delivered
 *     case 5 -> result.fail(ids(events), Failure.retry("http_" + r.statusCode(), "answered " + r.statusCode()));
 *     default -> result.fail(ids(events), Failure.rejected("answered " + r.statusCode() + ": " + r.body()));
 * }
 * return result.build();
 * }</pre>
 *
 * <table>
 * <caption>What the outbox does with each kind</caption>
 * <tr><th>{@link Failure.Kind}</th><th>outbox</th></tr>
 * <tr><td>{@code RETRY}</td><td>the event alone backs off (exponential, with jitter, not before
 *     {@link Failure#notBefore()}), counts an attempt; dead-lettered once out of attempts</td></tr>
 * <tr><td>{@code REJECTED}</td><td>dead-lettered at once with the reason (a 400, a rule of the
 *     destination)</td></tr>
 * <tr><td>{@code HOLD}</td><td>the sink is misconfigured (401, 403, 404): the whole sink pauses and
 *     retries with backoff; no attempt is counted and nothing is ever dead-lettered for it</td></tr>
 * <tr><td>{@code NOT_SENT}</td><td>the sink did not try the event (it stopped after an earlier
 *     failure): it stays owed as it was, no attempt counted</td></tr>
 * </table>
 *
 * <p>A {@link Failure#notBefore()} on any event (from a {@code Retry-After} header) pauses the
 * whole sink until then. Throwing from {@code deliver} still works and means {@code RETRY} for
 * every event of the batch.
 *
 * @since 0.1
 */
public final class DeliveryResult {

    private static final DeliveryResult DELIVERED = new DeliveryResult(Map.of());

    private final Map<UUID, Failure> failures;

    private DeliveryResult(Map<UUID, Failure> failures) {
        this.failures = failures;
    }

    /** @return every event of the batch was delivered */
    public static DeliveryResult delivered() {
        return DELIVERED;
    }

    /**
     * @param reasons event id to why it was rejected (at most 500 characters are kept)
     * @return these events were rejected for good, the others delivered
     */
    public static DeliveryResult rejected(Map<UUID, String> reasons) {
        if (reasons.isEmpty()) {
            return DELIVERED;
        }
        Builder b = builder();
        reasons.forEach((id, reason) -> b.fail(id, Failure.rejected(reason)));
        return b.build();
    }

    /**
     * @param batch  the whole batch
     * @param reason why
     * @return every event of the batch was rejected for good
     */
    public static DeliveryResult rejectedAll(Collection<MicroConversionEvent> batch, String reason) {
        Builder b = builder();
        Failure f = Failure.rejected(reason);
        batch.forEach(e -> b.fail(e.id(), f));
        return b.build();
    }

    /**
     * @return a builder of a result per event
     * @since 0.1
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return event id to reason, for the events rejected for good; empty when none */
    public Map<UUID, String> rejected() {
        Map<UUID, String> out = new LinkedHashMap<>();
        failures.forEach((id, f) -> {
            if (f.kind() == Failure.Kind.REJECTED) {
                out.put(id, f.reason());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * @return event id to failure, for every event that was not delivered; empty when all were
     * @since 0.1
     */
    public Map<UUID, Failure> failures() {
        return failures;
    }

    /**
     * @param id an event of the batch
     * @return its failure, or null if it was delivered
     * @since 0.1
     */
    public Failure failure(UUID id) {
        return failures.get(id);
    }

    @Override
    public String toString() {
        return "DeliveryResult" + failures;
    }

    /**
     * Why an event was not delivered, and what to do about it.
     *
     * @param kind      what the outbox does
     * @param code      a short metric label ({@code [a-z0-9_]{1,40}}) saying what failed, from a
     *                  small fixed set: {@code http_503}, {@code http_429}, {@code timeout},
     *                  {@code connect} …; never an id or a text from the destination
     * @param reason    for {@code mc_outbox.last_error} and the log; never a secret (no URL with a
     *                  query, no key)
     * @param notBefore for {@code RETRY}: no request to the sink before this instant
     *                  ({@code Retry-After}); null when the destination did not say
     * @since 0.1
     */
    public record Failure(Kind kind, String code, String reason, Instant notBefore) {

        private static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,40}");

        /** What the outbox does with a failed event. */
        public enum Kind {
            /** Transient: back off and try this event again. */
            RETRY,
            /** Can never succeed: dead-letter it. */
            REJECTED,
            /** The sink is misconfigured: pause the sink, never dead-letter the event for it. */
            HOLD,
            /** Not tried (the sink stopped after an earlier failure): leave it owed as it was. */
            NOT_SENT
        }

        /**
         * @throws IllegalArgumentException for a bad code, or a {@code notBefore} on anything but
         *                                  {@code RETRY}
         */
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
            if (code == null || !CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("code must match [a-z0-9_]{1,40}: " + code);
            }
            if (notBefore != null && kind != Kind.RETRY) {
                throw new IllegalArgumentException("only RETRY has a notBefore");
            }
        }

        /** @return transient: this event alone is retried with backoff */
        public static Failure retry(String code, String reason) {
            return new Failure(Kind.RETRY, code, reason, null);
        }

        /** @return transient, and the destination asked for no request before {@code notBefore} */
        public static Failure retry(String code, String reason, Instant notBefore) {
            return new Failure(Kind.RETRY, code, reason, notBefore);
        }

        /** @return rejected for good: dead-lettered with the reason */
        public static Failure rejected(String reason) {
            return new Failure(Kind.REJECTED, "rejected", reason, null);
        }

        /** @return the sink is misconfigured (credentials, URL): held, never dead-lettered */
        public static Failure hold(String code, String reason) {
            return new Failure(Kind.HOLD, code, reason, null);
        }

        /** @return not tried in this call: still owed, no attempt counted */
        public static Failure notSent(String reason) {
            return new Failure(Kind.NOT_SENT, "not_sent", reason, null);
        }
    }

    /**
     * Collects the failures of one delivery; events never named are delivered.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final Map<UUID, Failure> failures = new LinkedHashMap<>();

        private Builder() {
        }

        /** Records why an event was not delivered; a later call for the same event replaces it. */
        public Builder fail(UUID id, Failure failure) {
            failures.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(failure, "failure"));
            return this;
        }

        /** Records the same failure for several events (e.g. those of one request). */
        public Builder fail(Collection<UUID> ids, Failure failure) {
            ids.forEach(id -> fail(id, failure));
            return this;
        }

        /** @return whether a failure is recorded for this event */
        public boolean failed(UUID id) {
            return failures.containsKey(id);
        }

        /** @return the result; events without a failure count as delivered */
        public DeliveryResult build() {
            return failures.isEmpty()
                    ? DELIVERED
                    : new DeliveryResult(Collections.unmodifiableMap(new LinkedHashMap<>(failures)));
        }
    }
}
