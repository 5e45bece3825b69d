package org.microconversions.interceptors.pipeline;

import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.microconversions.api.MicroConversionEvent;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded in-memory buffer between recording threads and the persisting observer. A plain
 * object the recorder holds directly: no CDI proxy, no lock and no allocation on the request
 * thread (a preallocated multi-producer ring from JCTools, in its {@code Unsafe}-free variant),
 * and a wake-up only when no drain is already under way.
 *
 * <p>The ring has a power-of-two number of slots (4 bytes each with compressed pointers), but
 * holds at most the configured capacity.
 */
public final class ConversionBuffer {

    /** Buffered conversions ({@link MicroConversionEvent}) and durable ones ({@link CommitAck.Durable}). */
    private final MpscAtomicArrayQueue<Object> queue;
    private final int capacity;
    private final Drain drain;
    /** Set when a durable conversion is offered: its caller waits, so the drain writes without lingering. */
    private volatile boolean durableWaiting;
    /** The drain's thread while it lingers for a batch, so a durable offer can end the wait at once. */
    private volatile Thread lingering;

    ConversionBuffer(int capacity, Drain drain) {
        this.queue = new MpscAtomicArrayQueue<>(Math.max(2, capacity));
        this.capacity = capacity;
        this.drain = drain;
    }

    /** What the buffer asks of whoever drains it (the pipeline), so it needs nothing else of it. */
    interface Drain {

        /** @return whether shutdown has begun: offers then go to {@link #overflow} */
        boolean closed();

        /**
         * The buffer is full, or closed: make room for the conversion, write it inline, or drop
         * and count it.
         *
         * @param durable whether its caller waits for the commit (then it is written, not buffered)
         */
        void overflow(MicroConversionEvent event, boolean durable);

        /** @return false when the store is down (no drain before the next retry) */
        boolean wake();
    }

    /**
     * Takes a conversion from the recording thread. Never blocks on the store, except under the
     * {@code persist-inline} overflow policy when the buffer is full: the call then waits for room,
     * at most {@code buffer.overflow-wait}, then writes its own row or drops and counts it.
     */
    public void accept(MicroConversionEvent event) {
        if (!offerIfRoom(event)) {
            drain.overflow(event, false);
            return;
        }
        drain.wake();
    }

    /** @return false, leaving the conversion to the caller, when the buffer is full or closed */
    boolean offerIfRoom(MicroConversionEvent event) {
        return !drain.closed() && queue.offerIfBelowThreshold(event, capacity);
    }

    /**
     * Takes a durable conversion and waits until the batch holding it has committed, at most
     * {@code timeoutNanos}. When the store is known to be down it does not wait: the conversion is
     * buffered (and written once the store is back), and the caller learns it timed out.
     *
     * <p>A conversion the database refuses ends in the quarantine ({@code mc_event_rejected}): it
     * is stored there, counted in {@code microconversions_rejected_total}, and the call returns as
     * for a commit. One the overflow policy drops is counted in {@code microconversions_dropped_total}.
     *
     * @param event        the conversion
     * @param timeoutNanos the longest the caller waits
     * @return true when the outcome was known in time (committed, quarantined or dropped); false
     *         when the caller returns before the commit (the conversion stays buffered)
     */
    public boolean acceptDurable(MicroConversionEvent event, long timeoutNanos) {
        if (drain.closed()) {
            drain.overflow(event, true);
            return true;
        }
        CommitAck ack = new CommitAck();
        if (!queue.offerIfBelowThreshold(new CommitAck.Durable(event, ack), capacity)) {
            drain.overflow(event, true); // written inline on this thread, or dropped and counted
            return true;
        }
        durableWaiting = true;
        Thread drainer = lingering; // read after the flag is set: a drain lingering now sees one or the other
        if (drainer != null) {
            LockSupport.unpark(drainer);
        }
        if (!drain.wake()) {
            return false; // the store is down: buffered and retried, not waited for
        }
        return ack.await(timeoutNanos) != CommitAck.Outcome.TIMED_OUT;
    }

    /**
     * Moves up to {@code max} conversions, oldest first, into {@code into}, and the handles of
     * the durable ones into {@code acks}. One consumer at a time: callers hold the pipeline's
     * write lock.
     */
    void drainTo(List<MicroConversionEvent> into, List<CommitAck.Durable> acks, int max) {
        durableWaiting = false; // a durable offer from now on ends the next linger early
        Object e;
        while (into.size() < max && (e = queue.poll()) != null) {
            if (e instanceof CommitAck.Durable d) {
                into.add(d.event());
                acks.add(d);
            } else {
                into.add((MicroConversionEvent) e);
            }
        }
    }

    /** @param drainer the thread about to linger for a batch, or null once it stops */
    void lingering(Thread drainer) {
        lingering = drainer;
    }

    /** @return whether a durable conversion was offered since the last drain */
    boolean durableWaiting() {
        return durableWaiting;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }
}
