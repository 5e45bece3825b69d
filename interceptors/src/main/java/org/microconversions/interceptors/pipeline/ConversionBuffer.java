package org.microconversions.interceptors.pipeline;

import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.microconversions.api.MicroConversionEvent;

import java.util.List;

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

    private final MpscAtomicArrayQueue<MicroConversionEvent> queue;
    private final int capacity;
    private final Pipeline owner;

    ConversionBuffer(int capacity, Pipeline owner) {
        this.queue = new MpscAtomicArrayQueue<>(Math.max(2, capacity));
        this.capacity = capacity;
        this.owner = owner;
    }

    /**
     * Takes a conversion from the recording thread. Never blocks on the store, except under the
     * {@code persist-inline} overflow policy when the buffer is full.
     */
    public void accept(MicroConversionEvent event) {
        if (owner.closed || !queue.offerIfBelowThreshold(event, capacity)) {
            owner.overflow(event);
            return;
        }
        owner.wake();
    }

    /**
     * Moves up to {@code max} conversions, oldest first, into {@code into}. One consumer at a
     * time: callers hold the pipeline's write lock.
     */
    void drainTo(List<MicroConversionEvent> into, int max) {
        MicroConversionEvent e;
        while (into.size() < max && (e = queue.poll()) != null) {
            into.add(e);
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }
}
