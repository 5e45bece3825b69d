package org.microconversions.interceptors.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The completion handle of one durable conversion: the recording thread parks on it, the drain
 * completes it once the batch holding the conversion has committed (group commit: one handle per
 * waiting call, one commit per batch). Made and awaited by one thread; completed by another.
 *
 * <p>A waiter that gives up marks the handle {@link Outcome#TIMED_OUT} first, so a late
 * completion does not unpark a thread that has moved on.
 */
final class CommitAck {

    /** What became of a durable conversion, as far as its caller is concerned. */
    enum Outcome {
        /** Not yet known. */
        WAITING,
        /** Committed to {@code mc_event} (with its outbox rows). */
        COMMITTED,
        /** Committed to {@code mc_event_rejected}: stored, for an operator to replay; not retried. */
        QUARANTINED,
        /** The caller stopped waiting; the conversion is still buffered and written later. */
        TIMED_OUT
    }

    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(CommitAck.class, "outcome", Outcome.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread waiter = Thread.currentThread();
    @SuppressWarnings("unused") // through OUTCOME
    private volatile Outcome outcome = Outcome.WAITING;

    /** Called by the drain (or an inline writer) once the outcome is known. */
    void complete(Outcome result) {
        if (OUTCOME.compareAndSet(this, Outcome.WAITING, result)) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * @param timeoutNanos the longest to wait
     * @return the outcome, {@link Outcome#TIMED_OUT} if none came in time or the thread was interrupted
     *         (the interrupt status is kept)
     */
    Outcome await(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        Outcome o;
        while ((o = outcome) == Outcome.WAITING) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                if (OUTCOME.compareAndSet(this, Outcome.WAITING, Outcome.TIMED_OUT)) {
                    return Outcome.TIMED_OUT;
                }
                return outcome; // completed meanwhile
            }
            LockSupport.parkNanos(this, left);
        }
        return o;
    }

    /** A durable conversion in the buffer, with the handle its caller waits on. */
    record Durable(org.microconversions.api.MicroConversionEvent event, CommitAck ack) {
    }
}
