package org.microconversions.interceptors.pipeline;

import org.microconversions.interceptors.metrics.ConversionMetrics;
import org.microconversions.interceptors.store.Rejection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Counts quarantined conversions and logs one WARN per reason per minute: a stream of poison rows
 * must not flood the log, and the metric carries the exact count. Logs event ids, never contents.
 */
final class RejectionLog {

    static final long PERIOD_MILLIS = 60_000;
    private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());

    private final ConversionMetrics metrics;
    private final LongSupplier clock;
    /** reason → {last logged at, rejected since then without a log line}. Guarded by this. */
    private final Map<String, long[]> byReason = new HashMap<>();

    RejectionLog(ConversionMetrics metrics, LongSupplier clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    synchronized void rejected(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        for (Rejection r : rejections) {
            metrics.rejected(r.reason()).inc();
            long[] state = byReason.computeIfAbsent(r.reason(), k -> new long[]{Long.MIN_VALUE, 0});
            state[1]++;
            if (state[0] == Long.MIN_VALUE || now - state[0] >= PERIOD_MILLIS) {
                LOG.warning("Quarantined " + state[1] + " conversion(s) in mc_event_rejected (reason " + r.reason()
                        + ") since the last such warning; the database refused event " + r.event().id()
                        + " with SQLState " + r.sqlState() + ": " + r.message());
                state[0] = now;
                state[1] = 0;
            }
        }
    }
}
