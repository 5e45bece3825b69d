package org.microconversions.interceptors.outbox;

import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings.OutboxSettings;
import org.microconversions.interceptors.sink.Failures;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryProgress;
import org.microconversions.spi.DeliveryResult;
import org.microconversions.spi.DeliveryResult.Failure;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Forwards one sink's owed conversions: lease, batch, settle each conversion by its own outcome,
 * back off per conversion, dead-letter. Plain Java: the CDI bean {@link OutboxForwarder} only
 * schedules it.
 *
 * <p>Each conversion is settled on its own: the accepted ones are marked sent at once, a failed one
 * backs off alone (exponential with jitter, not before a {@code Retry-After}), a rejected one is
 * dead-lettered, and a held one (the sink is misconfigured) waits without using up attempts.
 *
 * <p>Order, per visitor and sink: a conversion is not handed to the sink while an older one of the
 * same visitor is still owed to it and waiting for its retry ({@link OutboxTable#due}), and the
 * sink reports a visitor's later conversions of a batch as not sent once an earlier one failed.
 * Other visitors' conversions go on. Conversions without a visitor have no order among themselves.
 *
 * <p>The whole sink pauses when the destination says so ({@code Retry-After}), while it is held,
 * and after {@value #PAUSE_AFTER_FAILED_CALLS} calls in a row that delivered nothing, so a
 * destination that is down gets a few requests per backoff period, not one per visitor.
 *
 * <p>Fencing: each batch's outcome is recorded under the {@link Lease} taken before it; if the
 * lease was lost meanwhile, the outcome is not recorded and the run ends (see {@link SinkLease}).
 */
public final class SinkForwarder {

    private static final Logger LOG = Logger.getLogger(SinkForwarder.class.getName());

    /** Calls in a row without a delivered conversion after which the whole sink backs off. */
    static final int PAUSE_AFTER_FAILED_CALLS = 3;
    /** The longest {@code Retry-After} honoured; a later date is taken as this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final ConversionSink sink;
    private final String sinkName;
    private final OutboxTable table;
    private final OutboxSettings settings;
    private final Clock clock;
    private final SinkLease lease;
    private final ForwardingListener listener;
    private final RandomGenerator random;
    private final SinkFailureLog log;
    /** No request to the sink before this (epoch ms): Retry-After, hold, or a run of failed calls. */
    private long pausedUntil;
    private int failedCalls;
    private int heldCalls;

    public SinkForwarder(ConversionSink sink, OutboxTable table, OutboxSettings settings, Clock clock,
            String holder, ForwardingListener listener, RandomGenerator random) {
        this.sink = sink;
        this.sinkName = sink.name();
        this.table = table;
        this.settings = settings;
        this.clock = clock;
        this.lease = new SinkLease(table, sinkName, holder, clock, settings.lease());
        this.listener = listener;
        this.random = random;
        this.log = new SinkFailureLog(sinkName, clock);
    }

    /** @return the sink's name */
    public String sinkName() {
        return sinkName;
    }

    /** @return this forwarder's hold on the sink's lease, for renewal and release */
    SinkLease lease() {
        return lease;
    }

    /** @return epoch ms before which this forwarder sends nothing to the sink; 0 if not paused */
    public long pausedUntil() {
        return pausedUntil;
    }

    /**
     * Forwards everything that is due, while this instance holds the sink's lease.
     *
     * @return how many events were delivered or dead-lettered
     * @throws SQLException if the database failed; nothing is lost, the next run retries
     */
    public int runOnce() throws SQLException {
        return turn(Integer.MAX_VALUE).handled();
    }

    /**
     * One sink's turn in a run: at most {@code maxBatches} batches, so a sink with a long queue does
     * not hold back the others (their leases are renewed while the run lasts, so no other instance
     * would take them over either).
     *
     * @param handled delivered or dead-lettered in this turn
     * @param more    whether the turn ended with conversions still due (the sink wants another turn)
     */
    record Turn(int handled, boolean more) {
    }

    Turn turn(int maxBatches) throws SQLException {
        int handled = 0;
        for (int batches = 0; batches < maxBatches; batches++) {
            if (clock.millis() < pausedUntil) {
                return new Turn(handled, false);
            }
            Lease held = lease.acquire();
            if (held == null) {
                return new Turn(handled, false);
            }
            List<OwedDelivery> due = table.due(sinkName, clock.millis(), sink.maxBatchSize());
            if (due.isEmpty()) {
                return new Turn(handled, false);
            }
            Settled s = deliver(due, held);
            handled += s.settled();
            if (!s.goOn()) {
                return new Turn(handled, false);
            }
        }
        return new Turn(handled, true);
    }

    /**
     * @param settled delivered or dead-lettered
     * @param goOn    whether to ask for the next batch now
     */
    private record Settled(int settled, boolean goOn) {
    }

    private Settled deliver(List<OwedDelivery> due, Lease held) throws SQLException {
        List<MicroConversionEvent> batch = due.stream().map(OwedDelivery::event).toList();
        Progress progress = new Progress(held);
        DeliveryResult result;
        try {
            result = sink.deliver(batch, progress);
            if (result == null) {
                throw new IllegalStateException("sink " + sinkName + " returned no DeliveryResult");
            }
        } catch (Exception | LinkageError e) {
            // the old contract: a throw means every event of the batch not reported delivered failed
            DeliveryResult.Builder all = DeliveryResult.builder();
            Failure f = Failure.retry(code(Failures.kind(e)), e.toString());
            batch.stream().filter(ev -> !progress.recorded.contains(ev.id())).forEach(ev -> all.fail(ev.id(), f));
            result = all.build();
        }
        if (progress.lost) {
            return lost(held);
        }
        return settle(due, result, held, progress.recorded);
    }

    /**
     * Records events as delivered while their batch is still being delivered, under the batch's
     * lease, each report in its own transaction: a kill then resends only what was not reported.
     */
    private final class Progress implements DeliveryProgress {
        private final Lease held;
        final Set<UUID> recorded = new HashSet<>();
        boolean lost;

        Progress(Lease held) {
            this.held = held;
        }

        @Override
        public boolean delivered(Collection<UUID> ids) {
            if (lost || ids.isEmpty()) {
                return !lost;
            }
            try {
                if (!table.delivered(held, ids, clock.millis())) {
                    lost = true;
                    return false;
                }
                recorded.addAll(ids);
            } catch (SQLException e) {
                // not recorded now: the batch's own settlement records them
                LOG.log(Level.FINE, "Could not record delivered events of sink " + sinkName + " yet", e);
            }
            return true;
        }
    }

    private static String code(String kind) {
        String k = kind.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return k.isEmpty() ? "other" : k.substring(0, Math.min(40, k.length()));
    }

    /** A lost lease ends the run: the outcome is not recorded, the new holder sends the rows again. */
    private static final Settled LEASE_LOST = new Settled(0, false);

    private Settled settle(List<OwedDelivery> due, DeliveryResult result, Lease lease, Set<UUID> recorded)
            throws SQLException {
        long done = clock.millis();
        List<UUID> delivered = new ArrayList<>(due.size());
        Map<UUID, String> dead = new LinkedHashMap<>();
        Map<Long, Map<String, List<UUID>>> retries = new LinkedHashMap<>(); // next attempt → reason → ids
        Map<String, Integer> retriedByKind = new LinkedHashMap<>();
        Map<String, Integer> heldByKind = new LinkedHashMap<>();
        List<UUID> held = new ArrayList<>();
        Failure lastRetry = null;
        Failure lastHold = null;
        int notSent = 0;
        long notBefore = 0;
        for (OwedDelivery o : due) {
            UUID id = o.event().id();
            Failure f = result.failure(id);
            if (f == null) {
                delivered.add(id);
                continue;
            }
            switch (f.kind()) {
                case REJECTED -> dead.put(id, f.reason());
                case NOT_SENT -> notSent++;
                case HOLD -> {
                    held.add(id);
                    heldByKind.merge(f.code(), 1, Integer::sum);
                    lastHold = f;
                }
                case RETRY -> {
                    lastRetry = f;
                    int attempts = o.attempts() + 1;
                    if (attempts >= settings.maxAttempts()) {
                        dead.put(id, "gave up after " + attempts + " attempts: " + f.reason());
                        break;
                    }
                    long at = done + backoff(attempts);
                    if (f.notBefore() != null) {
                        long asked = Math.min(f.notBefore().toEpochMilli(), done + MAX_RETRY_AFTER.toMillis());
                        at = Math.max(at, asked);
                        notBefore = Math.max(notBefore, asked);
                    }
                    retries.computeIfAbsent(at, k -> new LinkedHashMap<>())
                            .computeIfAbsent(f.reason(), k -> new ArrayList<>()).add(id);
                    retriedByKind.merge(f.code(), 1, Integer::sum);
                }
            }
        }
        List<UUID> unrecorded = delivered.stream().filter(id -> !recorded.contains(id)).toList();
        if (!table.delivered(lease, unrecorded, done)) {
            return lost(lease);
        }
        if (!dead.isEmpty()) {
            if (!table.dead(lease, dead, done)) {
                return lost(lease);
            }
            listener.deadLettered(sinkName, dead.size());
        }
        for (Map.Entry<Long, Map<String, List<UUID>>> r : retries.entrySet()) {
            for (Map.Entry<String, List<UUID>> byReason : r.getValue().entrySet()) {
                if (!table.failed(lease, byReason.getValue(), r.getKey(), byReason.getKey())) {
                    return lost(lease);
                }
            }
        }
        retriedByKind.forEach((kind, n) -> listener.retried(sinkName, n, kind));
        if (!delivered.isEmpty()) {
            listener.forwarded(sinkName, delivered.size());
            log.delivered();
            failedCalls = 0;
            heldCalls = 0;
        }
        if (lastRetry != null) {
            log.failed(retriedByKind.values().stream().mapToInt(Integer::intValue).sum(), lastRetry.code(),
                    lastRetry.reason(), false);
        }
        boolean goOn = true;
        if (!held.isEmpty()) {
            heldCalls++;
            long until = done + backoff(heldCalls);
            if (!table.held(lease, held, until, lastHold.reason())) {
                return lost(lease);
            }
            heldByKind.forEach((kind, n) -> listener.held(sinkName, n, kind));
            log.failed(held.size(), lastHold.code(), lastHold.reason(), true);
            pausedUntil = Math.max(pausedUntil, until);
            goOn = false;
        }
        if (notBefore > done) {
            pausedUntil = Math.max(pausedUntil, notBefore);
            goOn = false;
        }
        if (delivered.isEmpty() && (lastRetry != null || notSent > 0)) {
            failedCalls++;
            if (failedCalls >= PAUSE_AFTER_FAILED_CALLS) {
                pausedUntil = Math.max(pausedUntil, done + backoff(failedCalls - PAUSE_AFTER_FAILED_CALLS + 1));
                goOn = false;
            }
            if (lastRetry == null) {
                goOn = false; // nothing settled or rescheduled: the same batch would come back at once
            }
        }
        return new Settled(delivered.size() + dead.size(), goOn);
    }

    private Settled lost(Lease held) {
        this.lease.lost(held);
        return LEASE_LOST;
    }

    /**
     * Exponential backoff with "equal jitter": half the doubled delay, plus a random part of the
     * other half, so instances that failed together do not retry together.
     *
     * @param attempts failed attempts so far, from 1
     * @return milliseconds to wait
     */
    long backoff(int attempts) {
        long initial = settings.backoffInitial().toMillis();
        long max = settings.backoffMax().toMillis();
        long exp = attempts >= 31 ? max : Math.min(max, initial << (attempts - 1));
        long half = Math.max(1, exp / 2);
        return half + random.nextLong(half + 1);
    }
}
