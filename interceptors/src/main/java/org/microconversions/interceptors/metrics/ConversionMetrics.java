package org.microconversions.interceptors.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.microconversions.api.Kind;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import static org.microconversions.interceptors.metrics.MetricNames.*;

/**
 * Every metric the suite registers, with handles cached so the call path never looks up the
 * registry: a per-name counter is resolved once, then held by the caller.
 */
@ApplicationScoped
public class ConversionMetrics {

    private static final Metadata CONVERSIONS_META = Metadata.builder().withName(CONVERSIONS)
            .withDescription("Micro and macro conversions recorded, by name and kind").build();
    private static final Metadata FAILURES_META = Metadata.builder().withName(FAILURES)
            .withDescription("Calls to annotated methods that recorded no conversion: they threw, or answered non-2xx")
            .build();

    @Inject
    MetricRegistry registry;

    private final ConcurrentMap<String, Counter> byKey = new ConcurrentHashMap<>();
    private Counter persisted;
    private Timer persistDuration;

    @PostConstruct
    void register() {
        persisted = registry.counter(Metadata.builder().withName(PERSISTED)
                .withDescription("Conversions written to the store").build());
        persistDuration = registry.timer(Metadata.builder().withName(PERSIST_DURATION)
                .withDescription("Time to write one batch of conversions to the store")
                .withUnit(MetricUnits.SECONDS).build());
    }

    /** Registers the buffer depth gauge. */
    public void bufferDepth(Supplier<Number> depth) {
        registry.gauge(Metadata.builder().withName(BUFFER_DEPTH)
                .withDescription("Conversions waiting in memory to be persisted").build(), depth);
    }

    /**
     * @return the counter of conversions with this name and kind; resolve once and keep it
     */
    public Counter conversions(String name, Kind kind) {
        return byKey.computeIfAbsent("c|" + name + '|' + kind.label(), k -> registry.counter(
                CONVERSIONS_META, new Tag(TAG_NAME, name), new Tag(TAG_KIND, kind.label())));
    }

    /**
     * @param exception the exception's simple class name, or {@code http_4xx} / {@code http_5xx}
     * @return the counter of failed calls with this name and exception
     */
    public Counter failures(String name, String exception) {
        return byKey.computeIfAbsent("f|" + name + '|' + exception, k -> registry.counter(
                FAILURES_META, new Tag(TAG_NAME, name), new Tag(TAG_EXCEPTION, exception)));
    }

    /** @return the counter of durable calls of this name that returned before the commit */
    public Counter durableTimeouts(String name) {
        return tagged(DURABLE_TIMEOUTS, "Durable conversions whose call returned before they were committed "
                + "(timeout, or store down); still buffered", TAG_NAME, name);
    }

    /** @return events persisted */
    public Counter persisted() {
        return persisted;
    }

    /** @return batch write latency */
    public Timer persistDuration() {
        return persistDuration;
    }

    /** Counts a failed store write. */
    public void persistFailure(Throwable cause) {
        tagged(PERSIST_FAILURES, "Batches the store failed to write (kept and retried)",
                TAG_EXCEPTION, cause.getClass().getSimpleName()).inc();
    }

    /** Counts events lost, with why. */
    public void dropped(String reason, long count) {
        tagged(DROPPED, "Conversions not persisted, by reason", TAG_REASON, reason).inc(count);
    }

    /** @return the counter of conversions quarantined for this reason; resolve once per reason */
    public Counter rejected(String reason) {
        return tagged(REJECTED, "Conversions the database refused for good, kept in mc_event_rejected",
                TAG_REASON, reason);
    }

    /** Conversions a sink accepted. */
    public void forwarded(String sink, int events) {
        tagged(SINK_FORWARDED, "Conversions a sink accepted", TAG_SINK, sink).inc(events);
    }

    /** Conversions whose delivery failed and that are retried, by kind of failure. */
    public void retried(String sink, int events, String kind) {
        sinkFailures(sink, kind).inc(events);
        tagged(SINK_RETRIED, "Conversions rescheduled after a failed delivery", TAG_SINK, sink).inc(events);
    }

    /** Conversions held because the sink is misconfigured, by kind of failure. */
    public void held(String sink, int events, String kind) {
        sinkFailures(sink, kind).inc(events);
    }

    private Counter sinkFailures(String sink, String kind) {
        return byKey.computeIfAbsent("s|" + sink + '|' + kind, k -> registry.counter(
                Metadata.builder().withName(SINK_FAILURES)
                        .withDescription("Conversions whose delivery failed, by kind (http_503, timeout, connect, ...)")
                        .build(),
                new Tag(TAG_SINK, sink), new Tag(TAG_EXCEPTION, kind)));
    }

    /** Conversions a sink rejected for good, or gave up on. */
    public void deadLettered(String sink, int events) {
        tagged(SINK_DEAD_LETTERED, "Conversions a sink rejected for good or gave up on", TAG_SINK, sink).inc(events);
    }

    /** Registers the outbox lag gauge of a sink: age in seconds of its oldest owed conversion. */
    public void outboxLag(String sink, Supplier<Number> seconds) {
        registry.gauge(Metadata.builder().withName(OUTBOX_LAG).withUnit(MetricUnits.SECONDS)
                .withDescription("Age of the oldest conversion a sink still owes").build(), seconds,
                new Tag(TAG_SINK, sink));
    }

    private Counter tagged(String name, String description, String tag, String value) {
        return byKey.computeIfAbsent(name + '|' + value, k -> registry.counter(
                Metadata.builder().withName(name).withDescription(description).build(), new Tag(tag, value)));
    }
}
