package org.microconversions.interceptors.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryResult;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A slow destination: every delivery takes {@link #blockMillis(long)}; counts what it was sent, per event id. */
@ApplicationScoped
public class BlockingSink implements ConversionSink {

    private final Map<UUID, AtomicInteger> sent = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Long> callStarts = new CopyOnWriteArrayList<>();
    private volatile long blockMillis = 1_000;
    private volatile int maxBatch = 10;

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public int maxBatchSize() {
        return maxBatch;
    }

    public BlockingSink blockMillis(long millis) {
        this.blockMillis = millis;
        return this;
    }

    public BlockingSink maxBatch(int max) {
        this.maxBatch = max;
        return this;
    }

    @Override
    public DeliveryResult deliver(List<MicroConversionEvent> batch) throws InterruptedException {
        calls.incrementAndGet();
        callStarts.add(System.nanoTime());
        batch.forEach(e -> sent.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet());
        Thread.sleep(blockMillis); // sent, not yet acknowledged
        return DeliveryResult.delivered();
    }

    /** @return deliveries begun so far */
    public int calls() {
        return calls.get();
    }

    /** @return when each delivery began ({@link System#nanoTime()}), in order */
    public List<Long> callStarts() {
        return List.copyOf(callStarts);
    }

    /** @return how often each event id was sent */
    public Map<UUID, Integer> sentPerEvent() {
        Map<UUID, Integer> out = new HashMap<>();
        sent.forEach((id, n) -> out.put(id, n.get()));
        return out;
    }
}
