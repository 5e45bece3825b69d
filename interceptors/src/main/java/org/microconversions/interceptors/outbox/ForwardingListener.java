package org.microconversions.interceptors.outbox;

/** Hears what a {@link SinkForwarder} does, so metrics attach without touching the forwarding logic. */
public interface ForwardingListener {

    /** Events the sink accepted. */
    default void forwarded(String sink, int events) {
    }

    /** A delivery attempt failed; the batch is rescheduled. */
    default void retried(String sink, int events, Throwable cause) {
    }

    /** Events rejected for good, or out of attempts. */
    default void deadLettered(String sink, int events) {
    }
}
