package org.microconversions.interceptors.outbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.Settings.OutboxSettings;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real {@link OutboxForwarder} on Derby with a sink slower than the lease (2 s against 600 ms):
 * it renews the lease while the delivery runs, so another instance cannot take the sink over, and
 * its stop waits for the delivery before giving the lease up.
 */
class OutboxForwarderLeaseTest {

    private static final Duration LEASE = Duration.ofMillis(600);

    private DataSource db;
    private TestContainer container;
    private BlockingSink sink;
    private boolean closed;

    @BeforeEach
    void start() {
        db = Databases.derby();
        container = TestContainer.builder(db)
                .config(ConfigKeys.OUTBOX_LEASE, LEASE.toMillis() + "ms")
                .config(ConfigKeys.OUTBOX_POLL_INTERVAL, "50ms")
                .config(ConfigKeys.OUTBOX_INSTANCE_ID, "this-server")
                .beans(BlockingSink.class).start();
        sink = container.bean(BlockingSink.class).blockMillis(2_000).maxBatch(10);
    }

    @AfterEach
    void stop() {
        if (!closed) {
            container.close();
        }
    }

    private long sent() {
        return Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'");
    }

    @Test
    void theLeaseIsRenewedWhileADeliveryOutlivesItSoNoOtherInstanceTakesOver() throws Exception {
        List<UUID> ids = container.persistOnePerVisitor(5);
        OutboxTable table = container.bean(JdbcEventStore.class).outbox();
        SinkForwarder other = new SinkForwarder(sink, table, new OutboxSettings(Duration.ofMillis(50), 10,
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofDays(7), LEASE), Clock.systemUTC(),
                "other-server", new ForwardingListener() {
                }, ThreadLocalRandom.current());
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.calls() == 1);
        long tookAt = Databases.queryLong(db, "SELECT lease_until FROM mc_sink_lease");

        long deadline = System.currentTimeMillis() + 1_500; // well past the 600 ms lease, inside the 2 s delivery
        while (System.currentTimeMillis() < deadline) {
            assertThat(other.runOnce()).as("the other instance never gets the sink").isZero();
            Thread.sleep(50);
        }

        assertThat(Databases.rows(db, "SELECT holder, epoch FROM mc_sink_lease"))
                .containsExactly(List.of("this-server", "1"));
        assertThat(Databases.queryLong(db, "SELECT lease_until FROM mc_sink_lease")).as("renewed")
                .isGreaterThan(tookAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent() == 5);
        assertThat(sink.sentPerEvent()).containsOnlyKeys(ids);
        assertThat(sink.sentPerEvent().values()).allMatch(n -> n == 1);
    }

    @Test
    void stopWaitsForTheDeliveryInFlightRecordsItThenReleasesTheLease() throws Exception {
        container.persistOnePerVisitor(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.calls() == 1);
        container.persistOnePerVisitor(5); // owed, but the stop ends the run before it takes another batch

        long began = System.nanoTime();
        container.close();
        closed = true;
        long tookMs = (System.nanoTime() - began) / 1_000_000;

        assertThat(tookMs).as("waited for the delivery").isGreaterThan(1_000);
        assertThat(sent()).as("its outcome recorded before the lease was given up").isEqualTo(5);
        assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'owed'"))
                .as("no new batch after stop: still owed, sent after the restart").isEqualTo(5);
        assertThat(Databases.rows(db, "SELECT holder, lease_until FROM mc_sink_lease"))
                .as("released, so another instance takes over at once").containsExactly(List.of("this-server", "0"));
    }
}
