package org.microconversions.interceptors.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * One instance's hold on one sink's forwarding lease: takes it before each batch, renews it while
 * a delivery runs ({@link OutboxForwarder} calls {@link #renew()} every lease/3), gives it up on
 * stop. The {@link Lease} it hands out is the fencing token every status change carries.
 *
 * <p>Thread-safe: the forwarding thread takes the lease, the scheduler renews it.
 */
final class SinkLease {

    private static final Logger LOG = Logger.getLogger(SinkLease.class.getName());

    private final OutboxTable table;
    private final String sink;
    private final String holder;
    private final Clock clock;
    private final long lengthMillis;
    private Lease held;
    private long lostReported = -1;
    private boolean restarted = true;
    private boolean closed;

    SinkLease(OutboxTable table, String sink, String holder, Clock clock, Duration length) {
        this.table = table;
        this.sink = sink;
        this.holder = holder;
        this.clock = clock;
        this.lengthMillis = length.toMillis();
    }

    /**
     * Takes or renews the lease before a batch.
     *
     * @return the lease to fence the batch's outcome with, or null if another instance holds it
     *         or this one is stopping
     */
    synchronized Lease acquire() throws SQLException {
        if (closed) {
            return null;
        }
        long now = clock.millis();
        Lease before = held;
        held = table.acquireLease(sink, holder, before, restarted, now, now + lengthMillis);
        restarted = false; // from now on a lease under this id held by someone else is another process's
        if (before != null && held == null) {
            lost(before);
        }
        return held;
    }

    /**
     * Extends the lease held, if any, by a full lease from now.
     *
     * @return false if this instance held the lease and has lost it
     */
    synchronized boolean renew() throws SQLException {
        Lease before = held;
        if (before == null) {
            return true;
        }
        held = table.renewLease(before, clock.millis() + lengthMillis);
        if (held == null) {
            lost(before);
            return false;
        }
        return true;
    }

    /**
     * The outcome of a delivery made under {@code lease} was refused: the lease is gone.
     * Logged once per lost lease, however many of its updates are refused.
     */
    synchronized void lost(Lease lease) {
        if (held != null && held.epoch() == lease.epoch()) {
            held = null;
        }
        if (lostReported != lease.epoch()) {
            lostReported = lease.epoch();
            LOG.warning(() -> "Sink " + sink + ": instance " + holder + " lost its forwarding lease (epoch "
                    + lease.epoch() + ") to another instance while delivering; the outcome of that delivery is"
                    + " not recorded, and the instance now holding the lease sends those conversions again."
                    + " If the lease was not renewed in time, raise microconversions.outbox.lease; if two servers"
                    + " share one microconversions.outbox.instance-id, give each its own.");
        }
    }

    /** Takes no new lease and renews none from now on; the lease held stays held until {@link #release()}. */
    synchronized void close() {
        closed = true;
    }

    /** Gives up the lease held, so another instance can take over at once. */
    synchronized void release() throws SQLException {
        Lease l = held;
        held = null;
        if (l != null) {
            table.releaseLease(l);
        }
    }

    /** @return the lease held, or null */
    synchronized Lease held() {
        return held;
    }
}
