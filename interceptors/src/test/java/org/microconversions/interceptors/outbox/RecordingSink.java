package org.microconversions.interceptors.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps what it receives, and can be told to fail or reject. */
@ApplicationScoped
public class RecordingSink implements ConversionSink {

    private final List<MicroConversionEvent> received = Collections.synchronizedList(new ArrayList<>());
    private final List<List<UUID>> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final Map<String, String> rejectNames = new HashMap<>();
    private volatile int maxBatch = 100;

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public int maxBatchSize() {
        return maxBatch;
    }

    public RecordingSink maxBatch(int max) {
        this.maxBatch = max;
        return this;
    }

    /** The next {@code n} deliveries throw. */
    public RecordingSink failNext(int n) {
        failuresLeft.set(n);
        return this;
    }

    /** Events with this name are rejected for good. */
    public RecordingSink reject(String name, String reason) {
        rejectNames.put(name, reason);
        return this;
    }

    @Override
    public DeliveryResult deliver(List<MicroConversionEvent> batch) throws IOException {
        calls.add(batch.stream().map(MicroConversionEvent::id).toList());
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IOException("receiver unavailable");
        }
        Map<UUID, String> rejected = new HashMap<>();
        for (MicroConversionEvent e : batch) {
            String reason = rejectNames.get(e.name());
            if (reason != null) {
                rejected.put(e.id(), reason);
            } else {
                received.add(e);
            }
        }
        return DeliveryResult.rejected(rejected);
    }

    public List<MicroConversionEvent> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<List<UUID>> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }
}
