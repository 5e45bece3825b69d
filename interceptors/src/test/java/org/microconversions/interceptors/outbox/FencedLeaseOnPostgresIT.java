package org.microconversions.interceptors.outbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.microconversions.interceptors.config.Settings.OutboxSettings;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.PostgresServer;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries that outlive the lease (the sink blocks 1 s, the lease is 300 ms), two forwarders on
 * one PostgreSQL. Renewed as {@link OutboxForwarder} renews it (every lease/3), the lease never
 * changes hands mid-delivery and no event is sent twice. Not renewed, or stolen, the stale
 * delivery's outcome is not recorded, and that is logged once.
 */
class FencedLeaseOnPostgresIT {

    private static final Duration LEASE = Duration.ofMillis(300);
    private static final OutboxSettings SETTINGS = new OutboxSettings(Duration.ofMillis(20), 10,
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofDays(7), LEASE);
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    private DataSource db;
    private TestContainer container;
    private BlockingSink sink;
    private OutboxTable table;
    private final ScheduledExecutorService renewals = Executors.newScheduledThreadPool(2);

    @BeforeEach
    void start() throws Exception {
        db = POSTGRES.fresh();
        // the container only persists; its own forwarder never runs (its executor drops tasks)
        container = TestContainer.builder(db).executor(task -> {
        }).beans(BlockingSink.class).start();
        sink = container.bean(BlockingSink.class).blockMillis(1_000).maxBatch(10);
        table = container.bean(JdbcEventStore.class).outbox();
    }

    @AfterEach
    void stop() {
        renewals.shutdownNow();
        container.close();
    }

    private SinkForwarder instance(String name, AtomicInteger forwarded) {
        return new SinkForwarder(sink, table, SETTINGS, Clock.systemUTC(), name, new ForwardingListener() {
            @Override
            public void forwarded(String s, int events) {
                forwarded.addAndGet(events);
            }
        }, ThreadLocalRandom.current());
    }

    /** What {@link OutboxForwarder} does on its scheduler while a run is in flight. */
    private void renewEveryThirdOfTheLease(SinkForwarder f) {
        long every = LEASE.toMillis() / 3;
        renewals.scheduleWithFixedDelay(() -> {
            try {
                f.lease().renew();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private long owed() {
        return Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'owed'");
    }

    @Test
    void renewedDuringDeliveriesLongerThanTheLeaseNoEventIsSentByTwoInstances() throws Exception {
        List<UUID> ids = container.persistOnePerVisitor(40);
        AtomicInteger byA = new AtomicInteger();
        AtomicInteger byB = new AtomicInteger();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        long until = System.currentTimeMillis() + 60_000;
        for (SinkForwarder f : List.of(instance("instance-a", byA), instance("instance-b", byB))) {
            renewEveryThirdOfTheLease(f);
            running.add(CompletableFuture.runAsync(() -> {
                while (owed() > 0 && System.currentTimeMillis() < until) {
                    try {
                        f.runOnce();
                        Thread.sleep(10);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);

        assertThat(sink.sentPerEvent()).hasSize(ids.size()).containsOnlyKeys(ids);
        assertThat(sink.sentPerEvent().values()).as("each event sent exactly once").allMatch(n -> n == 1);
        assertThat(sink.calls()).isEqualTo(4);
        assertThat(byA.get() + byB.get()).isEqualTo(ids.size());
        assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'")).isEqualTo(40);
    }

    @Test
    void notRenewedTheStaleDeliveryDoesNotRecordItsOutcomeAndSaysSoOnce() throws Exception {
        container.persistOnePerVisitor(5);
        AtomicInteger byA = new AtomicInteger();
        AtomicInteger byB = new AtomicInteger();
        SinkForwarder a = instance("instance-a", byA);
        SinkForwarder b = instance("instance-b", byB);
        try (LostLeaseLog log = new LostLeaseLog()) {
            CompletableFuture<Integer> runA = CompletableFuture.supplyAsync(() -> run(a));
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.calls() == 1); // a is delivering
            Thread.sleep(LEASE.toMillis() + 100); // and its lease, not renewed, runs out
            CompletableFuture<Integer> runB = CompletableFuture.supplyAsync(() -> run(b));

            assertThat(runA.get(10, TimeUnit.SECONDS)).as("a's outcome is not recorded").isZero();
            assertThat(runB.get(10, TimeUnit.SECONDS)).isEqualTo(5);

            assertThat(byA.get()).isZero();
            assertThat(byB.get()).isEqualTo(5);
            assertThat(sink.sentPerEvent().values()).as("sent by both: at least once").allMatch(n -> n == 2);
            assertThat(Databases.rows(db, "SELECT holder, epoch FROM mc_sink_lease"))
                    .containsExactly(List.of("instance-b", "2"));
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'")).isEqualTo(5);
            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warnings().get(0)).contains("Sink blocking").contains("instance-a").contains("epoch 1");
        }
    }

    @Test
    void aLeaseStolenMidDeliveryFencesTheOutcomeEvenWhileRenewing() throws Exception {
        container.persistOnePerVisitor(5);
        AtomicInteger byA = new AtomicInteger();
        SinkForwarder a = instance("instance-a", byA);
        renewEveryThirdOfTheLease(a);
        try (LostLeaseLog log = new LostLeaseLog()) {
            CompletableFuture<Integer> runA = CompletableFuture.supplyAsync(() -> run(a));
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.calls() == 1);
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE mc_sink_lease SET holder = 'intruder', epoch = epoch + 1, lease_until = "
                        + (System.currentTimeMillis() + 600_000));
            }

            assertThat(runA.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(byA.get()).isZero();
            assertThat(owed()).as("the outcome was not recorded").isEqualTo(5);
            assertThat(log.warnings()).as("once: by the renewal or the refused commit, not both").hasSize(1);
            assertThat(log.warnings().get(0)).contains("Sink blocking");
        }
    }

    private static int run(SinkForwarder f) {
        try {
            return f.runOnce();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
