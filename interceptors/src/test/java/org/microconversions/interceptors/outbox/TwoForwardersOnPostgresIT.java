package org.microconversions.interceptors.outbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings.OutboxSettings;
import org.microconversions.interceptors.store.EventStore;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server instances forwarding from one PostgreSQL: the lease hands the sink over between
 * them (each pauses now and then, as a stalled instance would), and no event is sent twice.
 */
class TwoForwardersOnPostgresIT {

    private static final OutboxSettings SETTINGS = new OutboxSettings(Duration.ofMillis(20), 10,
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofDays(7), Duration.ofMillis(300));

    @Test
    void twoInstancesNeverDeliverTheSameEventTwice() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource db = pg.getPostgresDatabase();
            // the container only persists; its own forwarder never runs (its executor drops tasks)
            try (TestContainer c = TestContainer.builder(db).executor(task -> {
            }).beans(RecordingSink.class).start()) {
                RecordingSink sink = c.bean(RecordingSink.class).maxBatch(25);
                EventStore store = c.bean(EventStore.class);
                OutboxTable table = c.bean(JdbcEventStore.class).outbox();
                Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();
                Map<UUID, Integer> deliveries = new ConcurrentHashMap<>();
                ForwardingListener count = new ForwardingListener() {
                    @Override
                    public void forwarded(String s, int events) {
                        byInstance.computeIfAbsent(Thread.currentThread().getName(), k -> new AtomicInteger())
                                .addAndGet(events);
                    }
                };
                long until = System.currentTimeMillis() + 4_000;
                // on a loaded machine a handover may need more cycles: traffic goes on (at most 20 s)
                // until both instances have forwarded, then the instances drain for 2 s
                long hardStop = until + 16_000;
                AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
                List<Thread> instances = new ArrayList<>();
                for (String name : List.of("instance-a", "instance-b")) {
                    SinkForwarder f = new SinkForwarder(sink, table, SETTINGS, Clock.systemUTC(), name, count,
                            ThreadLocalRandom.current());
                    // Each instance works 300 ms, then stalls 700 ms (longer than the 300 ms lease);
                    // b starts half a cycle later, so the lease must change hands every cycle.
                    long firstStall = name.equals("instance-a") ? 0 : 500;
                    Thread t = new Thread(() -> {
                        try {
                            Thread.sleep(firstStall);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        long runUntil = System.currentTimeMillis() + 300;
                        while (System.currentTimeMillis() < stopAt.get()) {
                            try {
                                f.runOnce();
                                if (System.currentTimeMillis() > runUntil) {
                                    Thread.sleep(700); // a stalled instance: its lease expires meanwhile
                                    runUntil = System.currentTimeMillis() + 300;
                                } else {
                                    Thread.sleep(10);
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }, name);
                    instances.add(t);
                    t.start();
                }
                int persisted = 0;
                while (System.currentTimeMillis() < until
                        || byInstance.size() < 2 && System.currentTimeMillis() < hardStop) {
                    List<MicroConversionEvent> batch = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        batch.add(MicroConversionEvent.builder().id(UUID.randomUUID()).name("add-to-cart")
                                .visitorId("v-" + (persisted % 7) + "-0123456789abcdef").timestamp(Instant.now())
                                .build());
                        persisted++;
                    }
                    store.store(batch);
                    Thread.sleep(20);
                }
                stopAt.set(System.currentTimeMillis() + 2_000);
                for (Thread t : instances) {
                    t.join(30_000);
                }
                sink.received().forEach(e -> deliveries.merge(e.id(), 1, Integer::sum));

                assertThat(persisted).isGreaterThan(500);
                assertThat(deliveries).hasSize(persisted);
                assertThat(deliveries.values()).allMatch(n -> n == 1);
                assertThat(byInstance.keySet()).as("both instances forwarded").containsExactlyInAnyOrder(
                        "instance-a", "instance-b");
                assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'"))
                        .isEqualTo(persisted);
            }
        }
    }
}
