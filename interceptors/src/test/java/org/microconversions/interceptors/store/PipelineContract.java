package org.microconversions.interceptors.store;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.outbox.RecordingSink;
import org.microconversions.interceptors.record.ShopBean;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.SwitchableDataSource;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every supported database must do with the real pipeline: one subclass per database.
 */
abstract class PipelineContract {

    /** @return a new, empty database */
    protected abstract DataSource freshDatabase() throws Exception;

    @Test
    void eightThreadsTimesFiveThousandCallsGiveExactly40000UniqueRowsAndEqualCounters() throws Exception {
        DataSource db = freshDatabase();
        try (TestContainer c = TestContainer.builder(db).beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    tasks.add(() -> {
                        for (int i = 0; i < 5_000; i++) {
                            shop.addToCart("sku");
                        }
                        return null;
                    });
                }
                for (Future<Void> f : callers.invokeAll(tasks)) {
                    f.get();
                }
            } finally {
                callers.shutdown();
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Databases.count(db, "") >= 40_000);
            assertThat(Databases.count(db, "")).isEqualTo(40_000);
            assertThat(Databases.queryLong(db, "SELECT COUNT(DISTINCT id) FROM mc_event")).isEqualTo(40_000);
            assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(40_000);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(TestContainer.counter("microconversions.persisted")).isEqualTo(40_000));
        }
    }

    @Test
    void storingTheSameEventIdTwiceKeepsOneRow() throws Exception {
        DataSource db = freshDatabase();
        try (TestContainer c = TestContainer.builder(db).start()) {
            EventStore store = c.bean(EventStore.class);
            MicroConversionEvent a = event("add-to-cart");
            MicroConversionEvent b = event("share");
            store.store(List.of(a));
            store.store(List.of(a, b)); // a retried batch that was in fact committed before

            assertThat(Databases.count(db, "")).isEqualTo(2);
        }
    }

    @Test
    void shutdownWithAFullBufferLosesNothing() throws Exception {
        DataSource db = freshDatabase();
        // An executor that never runs the observer: everything stays buffered until shutdown.
        TestContainer c = TestContainer.builder(db).executor(task -> { })
                .config(ConfigKeys.BUFFER_CAPACITY, "1000")
                .config(ConfigKeys.FLUSH_INTERVAL, "1h")
                .beans(ShopBean.class).start();
        ShopBean shop = c.bean(ShopBean.class);
        for (int i = 0; i < 1_500; i++) {
            shop.addToCart("sku");
        }
        // the 500 calls that found the buffer full wrote their own events (persist-inline)
        assertThat(Databases.count(db, "")).isEqualTo(500);

        c.close();

        assertThat(Databases.count(db, "")).isEqualTo(1_500);
        assertThat(Databases.queryLong(db, "SELECT COUNT(DISTINCT id) FROM mc_event")).isEqualTo(1_500);
    }

    @Test
    void databaseOutageKeepsConversionsInMemoryAndWritesThemWhenItIsBack() throws Exception {
        SwitchableDataSource db = new SwitchableDataSource(freshDatabase());
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "100ms")
                .config(ConfigKeys.OUTBOX_POLL_INTERVAL, "100ms").config(ConfigKeys.OUTBOX_BACKOFF_INITIAL, "50ms")
                .config(ConfigKeys.OUTBOX_BACKOFF_MAX, "200ms")
                .beans(ShopBean.class, RecordingSink.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            RecordingSink sink = c.bean(RecordingSink.class);
            shop.addToCart("before");
            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 1);

            db.down();
            for (int i = 0; i < 200; i++) {
                shop.addToCart("during"); // the shop's calls still succeed
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> TestContainer.hasCounter(
                    "microconversions.persist.failures", new Tag("exception", "SQLTransientConnectionException")));
            db.up();

            await().atMost(Duration.ofSeconds(20)).until(() -> Databases.count(db, "") == 201);
            assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(201);
            // the counter follows the commit, on the drain thread
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(TestContainer.counter("microconversions.persisted")).isEqualTo(201));
            // and every one of them is forwarded, in recording order. At least once: a batch that
            // was delivered while the outage began may not have been marked, and is sent again.
            await().atMost(Duration.ofSeconds(20)).until(() -> sink.received().stream()
                    .map(MicroConversionEvent::id).distinct().count() == 201);
            List<UUID> firstDeliveries = sink.received().stream().map(MicroConversionEvent::id).distinct().toList();
            assertThat(firstDeliveries).hasSize(201).isSorted();
        }
    }

    @Test
    void outageLongerThanTheBufferDropsAndCountsWithoutBlockingCallers() throws Exception {
        SwitchableDataSource db = new SwitchableDataSource(freshDatabase());
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "100ms")
                .config(ConfigKeys.BUFFER_CAPACITY, "10").beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            db.down();
            shop.addToCart("first");
            await().atMost(Duration.ofSeconds(10)).until(() -> TestContainer.hasCounter(
                    "microconversions.persist.failures", new Tag("exception", "SQLTransientConnectionException")));
            for (int i = 0; i < 50; i++) {
                shop.addToCart("during");
            }
            long dropped = TestContainer.counter("microconversions.dropped", new Tag("reason", "store-unavailable"));
            assertThat(dropped).isGreaterThanOrEqualTo(40);
            db.up();

            // every conversion is either persisted or counted as dropped: none vanishes silently
            await().atMost(Duration.ofSeconds(20)).until(() -> Databases.count(db, "") == 51 - dropped);
            assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(51);
        }
    }

    private static MicroConversionEvent event(String name) {
        return MicroConversionEvent.builder().id(UUID.randomUUID()).name(name).timestamp(Instant.now()).build();
    }
}
