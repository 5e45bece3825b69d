package org.microconversions.interceptors.outbox;

import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings.OutboxSettings;
import org.microconversions.interceptors.store.Lease;
import org.microconversions.interceptors.store.OutboxTable;
import org.microconversions.interceptors.store.OwedDelivery;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryResult;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Forwards one sink's owed conversions: lease, batch, retry with exponential backoff and jitter,
 * dead-letter. Plain Java: the CDI bean {@link OutboxForwarder} only schedules it.
 *
 * <p>Order: owed rows are read oldest first, and a batch waiting for its retry holds back
 * everything newer for this sink, so every visitor's conversions arrive in the order they were
 * recorded. Rows a sink rejects for good are dead-lettered at once and do not hold anything back.
 *
 * <p>Fencing: each batch's outcome is recorded under the {@link Lease} taken before it; if the
 * lease was lost meanwhile, the outcome is not recorded and the run ends (see {@link SinkLease}).
 */
public final class SinkForwarder {

    private final ConversionSink sink;
    private final String sinkName;
    private final OutboxTable table;
    private final OutboxSettings settings;
    private final Clock clock;
    private final SinkLease lease;
    private final ForwardingListener listener;
    private final RandomGenerator random;

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
    }

    /** @return the sink's name */
    public String sinkName() {
        return sinkName;
    }

    /** @return this forwarder's hold on the sink's lease, for renewal and release */
    SinkLease lease() {
        return lease;
    }

    /**
     * Forwards what is due, while this instance holds the sink's lease.
     *
     * @return how many events were delivered or dead-lettered
     * @throws SQLException if the database failed; nothing is lost, the next run retries
     */
    public int runOnce() throws SQLException {
        int handled = 0;
        while (true) {
            Lease held = lease.acquire();
            if (held == null) {
                return handled;
            }
            long now = clock.millis();
            List<OwedDelivery> owed = table.owed(sink.name(), sink.maxBatchSize());
            List<OwedDelivery> due = new ArrayList<>(owed.size());
            for (OwedDelivery o : owed) {
                if (o.nextAttemptAt() > now) {
                    break; // the oldest waits for its backoff, and so does everything after it
                }
                due.add(o);
            }
            if (due.isEmpty()) {
                return handled;
            }
            if (!deliver(due, held)) {
                return handled;
            }
            handled += due.size();
        }
    }

    /** @return true if the batch is settled (delivered or dead-lettered), false if rescheduled or the lease lost */
    private boolean deliver(List<OwedDelivery> due, Lease held) throws SQLException {
        List<MicroConversionEvent> batch = due.stream().map(OwedDelivery::event).toList();
        DeliveryResult result;
        try {
            result = sink.deliver(batch);
            if (result == null) {
                throw new IllegalStateException("sink " + sink.name() + " returned no DeliveryResult");
            }
        } catch (Exception | LinkageError e) {
            List<UUID> ids = batch.stream().map(MicroConversionEvent::id).toList();
            int attempts = due.stream().mapToInt(OwedDelivery::attempts).max().orElse(0) + 1;
            if (attempts >= settings.maxAttempts()) {
                Map<UUID, String> reasons = new LinkedHashMap<>();
                ids.forEach(id -> reasons.put(id, "gave up after " + attempts + " attempts: " + e));
                if (!table.dead(held, reasons, clock.millis())) {
                    lease.lost(held);
                    return false;
                }
                listener.deadLettered(sink.name(), ids.size());
                return true;
            }
            if (!table.failed(held, ids, clock.millis() + backoff(attempts), e.toString())) {
                lease.lost(held);
                return false;
            }
            listener.retried(sink.name(), ids.size(), e);
            return false;
        }
        Map<UUID, String> rejected = new HashMap<>(result.rejected());
        List<UUID> delivered = new ArrayList<>(batch.size());
        Map<UUID, String> dead = new LinkedHashMap<>();
        for (MicroConversionEvent e : batch) {
            String reason = rejected.remove(e.id());
            if (reason == null) {
                delivered.add(e.id());
            } else {
                dead.put(e.id(), reason);
            }
        }
        long done = clock.millis();
        if (!table.delivered(held, delivered, done)) {
            lease.lost(held);
            return false;
        }
        if (!delivered.isEmpty()) {
            listener.forwarded(sink.name(), delivered.size());
        }
        if (!dead.isEmpty()) {
            if (!table.dead(held, dead, done)) {
                lease.lost(held);
                return false;
            }
            listener.deadLettered(sink.name(), dead.size());
        }
        return true;
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
