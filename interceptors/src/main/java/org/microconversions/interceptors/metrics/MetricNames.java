package org.microconversions.interceptors.metrics;

/**
 * Metric names and tags, in one place. MicroProfile Metrics turns {@code a.b} into the Prometheus
 * name {@code a_b}, adds {@code _total} to counters and {@code _seconds} to timers.
 * Tags carry only bounded values: conversion names (validated, optionally allowlisted), kinds,
 * exception class names, sink names. Never visitor, session or order ids.
 */
public final class MetricNames {
    /** Counter, tags name and kind: successful conversions recorded. */
    public static final String CONVERSIONS = "microconversions.conversions";
    /**
     * Counter, tags name and exception: annotated calls that recorded no conversion because they
     * threw, or, on a JAX-RS resource method, answered a non-2xx status ({@code http_4xx},
     * {@code http_5xx}).
     */
    public static final String FAILURES = "microconversions.failures";
    /** Counter: events written to the store. */
    public static final String PERSISTED = "microconversions.persisted";
    /** Counter, tag exception: batches the store failed to write (retried). */
    public static final String PERSIST_FAILURES = "microconversions.persist.failures";
    /** Counter, tag reason: events lost on purpose (overflow policy {@code drop}) or by failure. */
    public static final String DROPPED = "microconversions.dropped";
    /**
     * Counter, tag reason: conversions the database refused for good, moved to
     * {@code mc_event_rejected} (reasons: too-long, out-of-range, bad-character, not-null,
     * foreign-key, unique, check, data, constraint, other).
     */
    public static final String REJECTED = "microconversions.rejected";
    /**
     * Counter, tag name: durable conversions whose call returned before they were committed,
     * because {@code microconversions.durable.timeout} passed or the store was known to be down.
     * Such a conversion stays buffered and is written later; a kill before that loses it.
     */
    public static final String DURABLE_TIMEOUTS = "microconversions.durable.timeouts";
    /** Gauge: events waiting in memory. */
    public static final String BUFFER_DEPTH = "microconversions.buffer.depth";
    /** Timer: time to write one batch to the store. */
    public static final String PERSIST_DURATION = "microconversions.persist.duration";
    /** Counter, tag sink: conversions rescheduled after a failed delivery. */
    public static final String SINK_RETRIED = "microconversions.sink.retried";
    /** Counter, tag sink: conversions dead-lettered (rejected for good, or out of attempts). */
    public static final String SINK_DEAD_LETTERED = "microconversions.sink.dead.lettered";
    /** Gauge in seconds, tag sink: age of the oldest conversion the sink still owes. */
    public static final String OUTBOX_LAG = "microconversions.outbox.lag";
    /**
     * Counter, tags sink and exception: conversions whose delivery attempt failed, by kind
     * ({@code http_503}, {@code http_429}, {@code http_401}, {@code timeout}, {@code connect},
     * {@code io}, or an exception's simple class name for a custom sink that throws).
     */
    public static final String SINK_FAILURES = "microconversions.sink.failures";
    /** Counter, tag sink: events a sink accepted. */
    public static final String SINK_FORWARDED = "microconversions.sink.forwarded";
    /** Counter, tag result: requests to the browser collect endpoint, by outcome. */
    public static final String COLLECT_REQUESTS = "microconversions.collect.requests";

    public static final String TAG_NAME = "name";
    public static final String TAG_KIND = "kind";
    public static final String TAG_EXCEPTION = "exception";
    public static final String TAG_REASON = "reason";
    public static final String TAG_SINK = "sink";
    public static final String TAG_RESULT = "result";

    private MetricNames() {
    }
}
