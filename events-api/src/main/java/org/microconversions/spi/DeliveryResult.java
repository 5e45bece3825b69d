package org.microconversions.spi;

import org.microconversions.api.MicroConversionEvent;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The outcome of {@link ConversionSink#deliver}: every event of the batch not listed as rejected
 * was delivered. Rejected events are dead-lettered at once, with the reason, and not retried
 * (e.g. a payload the destination's rules forbid, or a 4xx answer).
 *
 * @since 0.1
 */
public final class DeliveryResult {

    private static final DeliveryResult DELIVERED = new DeliveryResult(Map.of());

    private final Map<UUID, String> rejected;

    private DeliveryResult(Map<UUID, String> rejected) {
        this.rejected = rejected;
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
        return reasons.isEmpty() ? DELIVERED : new DeliveryResult(Map.copyOf(reasons));
    }

    /**
     * @param batch  the whole batch
     * @param reason why
     * @return every event of the batch was rejected for good
     */
    public static DeliveryResult rejectedAll(Collection<MicroConversionEvent> batch, String reason) {
        Map<UUID, String> all = new LinkedHashMap<>();
        batch.forEach(e -> all.put(e.id(), reason));
        return rejected(all);
    }

    /** @return event id to reason, for the rejected events; empty when all were delivered */
    public Map<UUID, String> rejected() {
        return rejected;
    }
}
