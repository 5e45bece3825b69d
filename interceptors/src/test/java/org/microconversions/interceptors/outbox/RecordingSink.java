package org.microconversions.interceptors.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryResult;
import org.microconversions.spi.DeliveryResult.Failure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/** A sink that keeps what it receives, and can be told to fail or reject. */
@ApplicationScoped
public class RecordingSink implements ConversionSink {

    private final List<MicroConversionEvent> received = Collections.synchronizedList(new ArrayList<>());
    private final List<List<UUID>> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final Map<String, String> rejectNames = new HashMap<>();
    private volatile int maxBatch = 100;
    private volatile BiFunction<MicroConversionEvent, Integer, Failure> script = (e, n) -> null;
    private final Map<UUID, Integer> seen = new HashMap<>();

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

    /**
     * Decides each event's outcome from the event and how many times it was handed over before
     * (0 the first time); null delivers it. Like the suite's own sinks, a visitor's later events of
     * a batch are not sent once an earlier one failed.
     */
    public RecordingSink script(BiFunction<MicroConversionEvent, Integer, Failure> script) {
        this.script = script;
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
        DeliveryResult.Builder result = DeliveryResult.builder();
        Set<String> stopped = new HashSet<>();
        for (MicroConversionEvent e : batch) {
            if (e.visitorId() != null && stopped.contains(e.visitorId())) {
                result.fail(e.id(), Failure.notSent("after an earlier failure of the visitor"));
                continue;
            }
            int before;
            synchronized (seen) {
                before = seen.merge(e.id(), 1, Integer::sum) - 1;
            }
            String reason = rejectNames.get(e.name());
            Failure f = reason != null ? Failure.rejected(reason) : script.apply(e, before);
            if (f == null) {
                received.add(e);
            } else {
                result.fail(e.id(), f);
                if (f.kind() != Failure.Kind.REJECTED && e.visitorId() != null) {
                    stopped.add(e.visitorId());
                }
            }
        }
        return result.build();
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
