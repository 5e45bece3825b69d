package org.microconversions.interceptors.pipeline;

import org.microconversions.api.MicroConversionEvent;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded in-memory buffer between recording threads and the persisting observer. A plain
 * object the recorder holds directly: no CDI proxy, no lock on the request thread (a lock-free
 * queue and one atomic counter), and a wake-up only when no drain is already under way.
 */
public final class ConversionBuffer {

    private final ConcurrentLinkedQueue<MicroConversionEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Pipeline owner;

    ConversionBuffer(int capacity, Pipeline owner) {
        this.capacity = capacity;
        this.owner = owner;
    }

    /**
     * Takes a conversion from the recording thread. Never blocks on the store, except under the
     * {@code persist-inline} overflow policy when the buffer is full.
     */
    public void accept(MicroConversionEvent event) {
        if (owner.closed) {
            owner.overflow(event);
            return;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            owner.overflow(event);
            return;
        }
        queue.offer(event);
        owner.wake();
    }

    /** Moves up to {@code max} conversions, oldest first, into {@code into}. Drain thread only. */
    void drainTo(List<MicroConversionEvent> into, int max) {
        MicroConversionEvent e;
        while (into.size() < max && (e = queue.poll()) != null) {
            into.add(e);
            size.decrementAndGet();
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return Math.max(0, size.get());
    }
}
