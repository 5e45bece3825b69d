package org.microconversions.interceptors.outbox;

import java.time.Clock;
import java.util.logging.Logger;

/**
 * One WARN per sink per minute while it fails, with the last failure, and one INFO when it
 * delivers again after a WARN: a failing destination must be visible in the log without flooding it, and the
 * metrics carry the exact counts. Reasons come from the sinks, which never put a secret in them
 * (no URL query, no key).
 */
final class SinkFailureLog {

    static final long PERIOD_MILLIS = 60_000;
    private static final Logger LOG = Logger.getLogger(SinkForwarder.class.getName());
    private static final int MAX_REASON = 200;

    private final String sink;
    private final Clock clock;
    private long lastWarnAt = Long.MIN_VALUE;
    private long failedSinceWarn;
    private long failedSinceOk;
    /** A WARN was logged and no INFO since: the next delivery logs the recovery. */
    private boolean warned;

    SinkFailureLog(String sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Conversions failed (retry or hold) with this kind and reason. */
    synchronized void failed(int events, String kind, String reason, boolean held) {
        failedSinceWarn += events;
        failedSinceOk += events;
        long now = clock.millis();
        if (lastWarnAt == Long.MIN_VALUE || now - lastWarnAt >= PERIOD_MILLIS) {
            LOG.warning("Sink " + sink + (held
                    ? " is held, its configuration looks wrong (conversions wait and are never dead-lettered for it)"
                    : " is failing (the failed conversions are retried with backoff)")
                    + ": " + failedSinceWarn + " failed conversion(s) since the last such warning; last: " + kind
                    + " " + clip(reason));
            lastWarnAt = now;
            failedSinceWarn = 0;
            warned = true;
        }
    }

    /** The sink accepted conversions. */
    synchronized void delivered() {
        if (warned) {
            // at most one INFO per WARN, so a flapping sink logs at most one of each per minute
            LOG.info("Sink " + sink + " delivers again, after " + failedSinceOk + " failed conversion(s)");
            warned = false;
            failedSinceOk = 0;
        }
    }

    private static String clip(String reason) {
        String r = reason == null ? "" : reason.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return r.length() <= MAX_REASON ? r : r.substring(0, MAX_REASON) + "…";
    }
}
