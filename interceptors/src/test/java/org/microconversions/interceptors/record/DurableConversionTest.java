package org.microconversions.interceptors.record;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Durability;
import org.microconversions.api.MicroConversions;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.GatedExecutor;
import org.microconversions.interceptors.support.SwitchableDataSource;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A durable conversion's call returns only once it is committed (group commit with the drain's
 * batch), at most {@code durable.timeout} later; a buffered one returns at once, as before.
 */
class DurableConversionTest {

    private static Tag name(String n) {
        return new Tag("name", n);
    }

    @Test
    void aMacroConversionIsInTheStoreWhenItsCallReturns() {
        DataSource db = Databases.derby();
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "1h")
                .beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            for (int i = 1; i <= 20; i++) {
                shop.purchase(new BigDecimal("10.00"));
                assertThat(Databases.count(db, "name = 'purchase'")).as("after purchase %s returned", i).isEqualTo(i);
            }
            assertThat(TestContainer.hasCounter("microconversions.durable.timeouts", name("purchase"))).isFalse();
        }
    }

    @Test
    void concurrentDurableCallsShareCommitsAndEachSeesItsOwnRow() throws Exception {
        DataSource db = Databases.derby();
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "1h")
                .beans(ShopBean.class).start()) {
            MicroConversions api = c.bean(MicroConversions.class);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicInteger missing = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(8 * 50);
            for (int t = 0; t < 8; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < 50; i++) {
                        UUID id = api.conversion("sign-up").durable(Durability.DURABLE).record().orElseThrow();
                        if (Databases.count(db, "id = '" + id + "'") != 1) {
                            missing.incrementAndGet();
                        }
                        done.countDown();
                    }
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            pool.shutdown();
            assertThat(missing.get()).as("durable calls that returned before their row was committed").isZero();
            assertThat(Databases.count(db, "")).isEqualTo(400);
            assertThat(TestContainer.counter("microconversions.persisted")).isEqualTo(400);
            long batches = io.smallrye.metrics.SharedMetricRegistries.getOrCreate(
                    org.eclipse.microprofile.metrics.MetricRegistry.APPLICATION_SCOPE)
                    .getTimers().get(new org.eclipse.microprofile.metrics.MetricID("microconversions.persist.duration"))
                    .getCount();
            System.out.println("[DurableConversionTest] 400 concurrent durable calls in " + batches + " commits");
            assertThat(batches).as("commits shared by concurrent durable calls").isLessThan(400);
        }
    }

    @Test
    void aMicroConversionStillReturnsAtOnceAndADurableOneWaitsAtMostTheTimeout() throws Exception {
        DataSource db = Databases.derby();
        try (GatedExecutor gate = new GatedExecutor();
                TestContainer c = TestContainer.builder(db).executor(gate).config(ConfigKeys.FLUSH_INTERVAL, "1h")
                        .config(ConfigKeys.DURABLE_TIMEOUT, "300ms").beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            long t0 = System.nanoTime();
            shop.addToCart("sku"); // the drain is held: a buffered conversion does not care
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));

            t0 = System.nanoTime();
            shop.purchase(new BigDecimal("5.00"));
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(waited).isBetween(Duration.ofMillis(290), Duration.ofMillis(2_000));
            assertThat(TestContainer.counter("microconversions.durable.timeouts", name("purchase"))).isEqualTo(1);
            assertThat(TestContainer.conversions("purchase", "macro")).isEqualTo(1);

            gate.open(); // the timed-out conversion was kept and is written with the next batch
            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 2);
        }
    }

    @Test
    void whileTheStoreIsKnownDownADurableCallDoesNotWaitAndNothingIsLost() {
        SwitchableDataSource db = new SwitchableDataSource(Databases.derby());
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "100ms")
                .config(ConfigKeys.DURABLE_TIMEOUT, "1s").beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            db.down();
            shop.purchase(new BigDecimal("1.00")); // the batch fails: the store is marked down, the call times out
            long t0 = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                shop.purchase(new BigDecimal("2.00"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("five calls while known down")
                    .isLessThan(Duration.ofMillis(500));
            assertThat(TestContainer.counter("microconversions.durable.timeouts", name("purchase"))).isEqualTo(6);
            db.up();
            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "name = 'purchase'") == 6);
            shop.purchase(new BigDecimal("3.00"));
            assertThat(Databases.count(db, "name = 'purchase'")).as("back up: durable again").isEqualTo(7);
            assertThat(TestContainer.counter("microconversions.durable.timeouts", name("purchase"))).isEqualTo(6);
        }
    }

    @Test
    void aDurableConversionTheDatabaseRefusesIsQuarantinedAndCountsAsCommittedNotAsATimeout() throws Exception {
        DataSource db = Databases.derby();
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "1h")
                .beans(ShopBean.class).start()) {
            try (Connection conn = db.getConnection(); Statement s = conn.createStatement()) {
                s.execute("ALTER TABLE mc_event ADD CONSTRAINT mc_poison CHECK (value IS NULL OR value <> 13)");
            }
            ShopBean shop = c.bean(ShopBean.class);
            shop.purchase(new BigDecimal("13"));
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_event_rejected")).as("quarantined on return")
                    .isEqualTo(1);
            assertThat(Databases.count(db, "")).isZero();
            assertThat(TestContainer.hasCounter("microconversions.durable.timeouts", name("purchase"))).isFalse();
        }
    }

    @Test
    void theProgrammaticApiHonoursDurabilityByKindByNameAndByCall() {
        DataSource db = Databases.derby();
        try (GatedExecutor gate = new GatedExecutor();
                TestContainer c = TestContainer.builder(db).executor(gate).config(ConfigKeys.FLUSH_INTERVAL, "1h")
                        .config(ConfigKeys.DURABLE_TIMEOUT, "100ms").config(ConfigKeys.DURABLE_NAMES, "sign-up")
                        .beans(ShopBean.class).start()) {
            MicroConversions api = c.bean(MicroConversions.class);
            api.conversion("share").record(); // micro: buffered
            api.conversion("share").durable(Durability.BUFFERED).kind(org.microconversions.api.Kind.MACRO).record();
            assertThat(TestContainer.hasCounter("microconversions.durable.timeouts", name("share"))).isFalse();

            api.conversion("sign-up").record(); // by name
            api.conversion("refund").kind(org.microconversions.api.Kind.MACRO).record(); // by kind
            api.conversion("share").durable(Durability.DURABLE).record(); // by call
            // the drain is held, so each durable call waited its 100 ms and was counted
            assertThat(TestContainer.counter("microconversions.durable.timeouts", name("sign-up"))).isEqualTo(1);
            assertThat(TestContainer.counter("microconversions.durable.timeouts", name("refund"))).isEqualTo(1);
            assertThat(TestContainer.counter("microconversions.durable.timeouts", name("share"))).isEqualTo(1);
            gate.open();
            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 5);
        }
    }
}
