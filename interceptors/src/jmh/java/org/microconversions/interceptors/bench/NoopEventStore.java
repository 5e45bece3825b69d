package org.microconversions.interceptors.bench;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.store.EventStore;
import org.microconversions.interceptors.store.Rejection;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Persists nothing, so the request-thread benchmark measures only the request thread. Counts what
 * it is handed, and how much of it arrived inline (buffer overflow) rather than from the drain.
 */
@Alternative
@Priority(100)
@ApplicationScoped
public class NoopEventStore implements EventStore {

    static final LongAdder EVENTS = new LongAdder();
    static final LongAdder BATCHES = new LongAdder();
    static final LongAdder INLINE = new LongAdder();

    @Override
    public void prepare() {
        // nothing to prepare
    }

    @Override
    public List<Rejection> store(List<MicroConversionEvent> batch) {
        EVENTS.add(batch.size());
        BATCHES.increment();
        if (!Thread.currentThread().getName().startsWith(BenchContainer.DRAIN_THREAD_PREFIX)) {
            INLINE.add(batch.size());
        }
        return List.of();
    }
}
