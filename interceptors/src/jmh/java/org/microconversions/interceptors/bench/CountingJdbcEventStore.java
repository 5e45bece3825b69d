package org.microconversions.interceptors.bench;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.microconversions.interceptors.store.Rejection;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The real {@link JdbcEventStore}, counting batches and what was written inline (buffer full). */
@Alternative
@Priority(100)
@ApplicationScoped
public class CountingJdbcEventStore extends JdbcEventStore {

    static final LongAdder EVENTS = new LongAdder();
    static final LongAdder BATCHES = new LongAdder();
    static final LongAdder INLINE = new LongAdder();

    @Override
    public List<Rejection> store(List<MicroConversionEvent> batch) throws SQLException {
        List<Rejection> rejected = super.store(batch);
        EVENTS.add(batch.size());
        BATCHES.increment();
        if (!Thread.currentThread().getName().startsWith(BenchContainer.DRAIN_THREAD_PREFIX)) {
            INLINE.add(batch.size());
        }
        return rejected;
    }

    static void reset() {
        EVENTS.reset();
        BATCHES.reset();
        INLINE.reset();
    }
}
