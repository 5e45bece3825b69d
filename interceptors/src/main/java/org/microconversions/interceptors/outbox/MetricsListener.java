package org.microconversions.interceptors.outbox;

import org.microconversions.interceptors.metrics.ConversionMetrics;

/** Counts what the forwarders do; metrics sit below the outbox and know nothing of it. */
final class MetricsListener implements ForwardingListener {

    private final ConversionMetrics metrics;

    MetricsListener(ConversionMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void forwarded(String sink, int events) {
        metrics.forwarded(sink, events);
    }

    @Override
    public void retried(String sink, int events, String kind) {
        metrics.retried(sink, events, kind);
    }

    @Override
    public void held(String sink, int events, String kind) {
        metrics.held(sink, events, kind);
    }

    @Override
    public void deadLettered(String sink, int events) {
        metrics.deadLettered(sink, events);
    }
}
