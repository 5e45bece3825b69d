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
 *         int s = r.statusCode();
 *         List<UUID> ids = batch.stream().map(MicroConversionEvent::id).toList();
 *         DeliveryResult.Builder result = DeliveryResult.builder();
 *         if (s >= 500 || s == 429) {
 *             result.fail(ids, Failure.retry("http_" + s, "optimizely answered " + s)); // retried later
 *         } else if (s == 401 || s == 403) {
 *             result.fail(ids, Failure.hold("http_" + s, "optimizely answered " + s)); // fix the key
 *         } else if (s >= 300) {
 *             result.fail(ids, Failure.rejected("optimizely answered " + s + ": " + r.body()));
 *         }
 *         return result.build();
 *     }
 * }
 * }</pre>
 *
 * <p>Delivery goes through the outbox: persisting a conversion records, in the same database
 * transaction, that every enabled sink owes it. A forwarder then calls {@link #deliver} off the
 * request thread with owed conversions in recording order, at most {@link #maxBatchSize()} at a
 * time, and settles each event by the {@link DeliveryResult}: delivered, retried alone with
 * backoff, dead-lettered, or held while the sink is misconfigured. A thrown exception means every
 * event of the batch is retried.
 *
 * <p>Order: the forwarder never hands over a conversion while an older one of the same visitor is
 * still owed to this sink and waiting for its retry. Within one batch the events of a visitor come
 * in recording order; when one fails, report that visitor's later events of the batch as
 * {@link DeliveryResult.Failure#notSent not sent} rather than sending them, or the visitor's order
 * is lost at this sink. Delivery is at least once: a sink must tolerate seeing an event twice and
 * de-duplicate on {@link MicroConversionEvent#id()}.
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
     * @return per event: delivered (not listed), or why not and what to do about it
     * @throws Exception a transient failure of the whole batch: every event is retried later
     */
    DeliveryResult deliver(List<MicroConversionEvent> batch) throws Exception;

    /**
     * Forwards a batch, reporting the accepted events as it goes: a sink that sends a batch as
     * several requests calls {@code progress} after each accepted request, so those events are
     * recorded as delivered before the rest of the batch and never sent again, even if the process
     * dies before the batch ends. Default: {@link #deliver(List)}, with no progress reported.
     *
     * @param batch    persisted events, oldest first, never empty
     * @param progress where to report events as the destination accepts them
     * @return per event: delivered (not listed, reported to {@code progress} or not), or why not
     * @throws Exception a transient failure of the whole batch: every event not reported is retried later
     * @since 0.1
     */
    default DeliveryResult deliver(List<MicroConversionEvent> batch, DeliveryProgress progress) throws Exception {
        return deliver(batch);
    }
}
