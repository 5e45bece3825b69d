package org.microconversions.interceptors.outbox;

/** Hears what a {@link SinkForwarder} does, so metrics attach without touching the forwarding logic. */
public interface ForwardingListener {

    /** Events the sink accepted. */
    default void forwarded(String sink, int events) {
    }

    /**
     * Events whose delivery failed and that are retried alone, with backoff.
     *
     * @param kind what failed, a short bounded label: {@code http_503}, {@code timeout}, {@code connect} …
     */
    default void retried(String sink, int events, String kind) {
    }

    /**
     * Events held because the sink is misconfigured (401, 403, 404): retried with backoff, never
     * dead-lettered for it.
     *
     * @param kind what failed, e.g. {@code http_401}
     */
    default void held(String sink, int events, String kind) {
    }

    /** Events rejected for good, or out of attempts. */
    default void deadLettered(String sink, int events) {
    }
}
