package org.microconversions.spi;

import org.microconversions.api.MicroConversionEvent;

import java.util.List;

/**
 * A destination that persisted conversions are forwarded to (an analytics service, a webhook,
 * a message broker). Implement it as an {@code @ApplicationScoped} CDI bean in the shop:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class OptimizelySink implements ConversionSink {
 *     public String name() { return "optimizely"; }
 *
 *     public DeliveryResult deliver(List<MicroConversionEvent> batch) throws IOException {
 *         HttpResponse<String> r = http.send(request(batch), ofString());
 *         if (r.statusCode() >= 500 || r.statusCode() == 429) {
 *             throw new IOException("optimizely answered " + r.statusCode()); // retried later
 *         }
 *         return r.statusCode() < 300 ? DeliveryResult.delivered()
 *                 : DeliveryResult.rejectedAll(batch, "optimizely answered " + r.statusCode());
 *     }
 * }
 * }</pre>
 *
 * <p>Delivery goes through the outbox: persisting a conversion records, in the same database
 * transaction, that every enabled sink owes it. A forwarder then calls {@link #deliver} off the
 * request thread with owed conversions in recording order, at most {@link #maxBatchSize()} at a
 * time. A thrown exception is a transient failure: the same batch is retried with exponential
 * backoff and jitter, and nothing newer is sent to this sink before it (order is kept), until
 * the attempts run out and the batch is dead-lettered. Delivery is at least once: a sink must
 * tolerate seeing an event twice and de-duplicate on {@link MicroConversionEvent#id()}.
 *
 * @since 0.1
 */
public interface ConversionSink {

    /**
     * @return a short stable name, {@code [a-z][a-z0-9_-]*} of at most 40 characters: the
     *         {@code sink} metric label and the key of this sink's outbox rows
     */
    String name();

    /**
     * @return whether conversions persisted from now on are owed to this sink; read once at
     *         startup. Default: true.
     */
    default boolean enabled() {
        return true;
    }

    /**
     * Whether this sink shares data with a third party (an analytics vendor, a partner's
     * webhook). Conversions from visitors who sent Global Privacy Control ({@code Sec-GPC: 1},
     * "do not sell or share") are never owed to such sinks. Default: true.
     *
     * @return true if the destination is a third party
     */
    default boolean thirdParty() {
        return true;
    }

    /** @return the largest batch {@link #deliver} accepts. Default: 100. */
    default int maxBatchSize() {
        return 100;
    }

    /**
     * Forwards a batch.
     *
     * @param batch persisted events, oldest first, never empty
     * @return which events were delivered and which were rejected for good
     * @throws Exception a transient failure: the whole batch is retried later
     */
    DeliveryResult deliver(List<MicroConversionEvent> batch) throws Exception;
}
