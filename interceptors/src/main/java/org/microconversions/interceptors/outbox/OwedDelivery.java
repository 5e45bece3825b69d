package org.microconversions.interceptors.outbox;

import org.microconversions.api.MicroConversionEvent;

/**
 * One outbox row with its event: what a sink still owes.
 *
 * @param event         the persisted event
 * @param attempts      failed attempts so far
 * @param nextAttemptAt epoch ms before which it must not be retried
 * @param createdAt     epoch ms when it was persisted
 */
public record OwedDelivery(MicroConversionEvent event, int attempts, long nextAttemptAt, long createdAt) {
}
