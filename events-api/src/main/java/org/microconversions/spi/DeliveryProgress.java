package org.microconversions.spi;

import java.util.Collection;
import java.util.UUID;

/**
 * What a sink tells the outbox while a batch is still being delivered: these events were accepted
 * by the destination. The outbox records them as delivered at once, before the rest of the batch,
 * so a process killed in the middle of a long batch (GA4 sends one request per visitor) sends only
 * the request in flight again, not the requests already answered.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DeliveryProgress {

    /** Ignores everything: for callers without an outbox. */
    DeliveryProgress NONE = ids -> true;

    /**
     * @param ids events the destination accepted (answered 2xx for)
     * @return false if this instance lost the sink's lease meanwhile: nothing was recorded, and
     *         the sink should stop sending the rest of the batch (another instance now owns it)
     */
    boolean delivered(Collection<UUID> ids);
}
