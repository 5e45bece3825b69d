package org.microconversions.interceptors.metrics;

import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus names the suite exports, derived from {@link MetricNames} the way MicroProfile
 * Metrics 5.1 on Open Liberty derives them ({@code a.b} → {@code a_b}, {@code _total} on
 * counters, {@code _seconds} on timers and second gauges), so a renamed metric fails the tests
 * that check the shipped rules and dashboard.
 */
final class ExportedMetrics {

    private ExportedMetrics() {
    }

    /** @return every series name a Prometheus scrape of the suite can show */
    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String counter : new String[]{MetricNames.CONVERSIONS, MetricNames.FAILURES, MetricNames.PERSISTED,
                MetricNames.PERSIST_FAILURES, MetricNames.DROPPED, MetricNames.SINK_FORWARDED,
                MetricNames.SINK_FAILURES, MetricNames.SINK_RETRIED, MetricNames.SINK_DEAD_LETTERED,
                MetricNames.COLLECT_REQUESTS, MetricNames.REJECTED}) {
            names.add(prometheus(counter, "_total"));
        }
        names.add(prometheus(MetricNames.BUFFER_DEPTH, ""));
        names.add(prometheus(MetricNames.OUTBOX_LAG, "_seconds"));
        // a timer: summary quantiles, _count, _sum, and the _max gauge
        String timer = prometheus(MetricNames.PERSIST_DURATION, "_seconds");
        names.addAll(Set.of(timer, timer + "_count", timer + "_sum", timer + "_max"));
        return names;
    }

    static String prometheus(String mpName, String suffix) {
        return mpName.replace('.', '_') + suffix;
    }
}
