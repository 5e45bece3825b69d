package org.microconversions.interceptors.store;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.json.JsonWriter;
import org.microconversions.interceptors.outbox.RecordingSink;
import org.microconversions.interceptors.pipeline.Pipeline;
import org.microconversions.interceptors.record.ShopBean;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.GatedExecutor;
import org.microconversions.interceptors.support.SwitchableDataSource;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every supported database must do with the real pipeline: one subclass per database.
 */
abstract class PipelineContract {

    /** @return a new, empty database */
    protected abstract DataSource freshDatabase() throws Exception;

    /** @return the time as the database keeps it (its timestamp precision) */
    protected abstract Instant asStored(Instant occurredAt);

    /** Takes a lock on {@code mc_event} that blocks every insert until {@code locker} rolls back. */
    protected abstract void lockEventTable(Connection locker) throws SQLException;

    @Test
    void eightThreadsTimesFiveThousandCallsGiveExactly40000UniqueRowsAndEqualCounters() throws Exception {
        DataSource db = freshDatabase();
        // persist-inline loses nothing while no more threads overflow at once than may write inline
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.BUFFER_INLINE_WRITERS, "8")
                .beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            callConcurrently(8, 5_000, () -> shop.addToCart("sku"), Duration.ofMinutes(10));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Databases.count(db, "") >= 40_000);
            assertThat(Databases.count(db, "")).isEqualTo(40_000);
            assertThat(Databases.queryLong(db, "SELECT COUNT(DISTINCT id) FROM mc_event")).isEqualTo(40_000);
            assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(40_000);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertThat(TestContainer.counter("microconversions.persisted")).isEqualTo(40_000));
        }
    }

    @Test
    void storingTheSameEventIdTwiceKeepsOneRowAndOneOutboxRowPerSink() throws Exception {
        DataSource db = freshDatabase();
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "1h")
                .beans(RecordingSink.class).start()) {
            EventStore store = c.bean(EventStore.class);
            List<MicroConversionEvent> first = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                first.add(event("add-to-cart"));
            }
            store.store(first);
            List<MicroConversionEvent> retried = new ArrayList<>(first);
            MicroConversionEvent fresh = event("share");
            retried.add(3, fresh); // a retried batch that was in fact committed, with one new conversion

            assertThat(store.store(retried)).isEmpty();
            assertThat(store.store(first)).isEmpty(); // and a retry of nothing but stored ids

            assertThat(Databases.count(db, "")).isEqualTo(8);
            assertThat(Databases.queryLong(db, "SELECT COUNT(DISTINCT id) FROM mc_event")).isEqualTo(8);
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox")).isEqualTo(8);
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_event_rejected")).isZero();
        }
    }

    @Test
    void everyFieldIsStoredExactlyAsGivenHostileTextAndSubMicrosecondTimesIncluded() throws Exception {
        DataSource db = freshDatabase();
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "1h").start()) {
            String hostile = "NULL\\N\"{,}\"\\ '; DROP TABLE mc_event; -- \u00fc\u00df \ud83d\ude00";
            List<MicroConversionEvent> events = List.of(
                    MicroConversionEvent.builder().id(UUID.randomUUID()).name("add-to-cart")
                            .timestamp(Instant.parse("2026-12-01T10:00:00.000001500Z")) // rounds half up
                            .visitor(new VisitorContext("NULL", hostile, "{\"a\",\"b\"}",
                                    new Channel("\\N", "{\"x\":1}", "a,b \"c\""), Map.of("exp", hostile)))
                            .value(new BigDecimal("1E+3"), "EUR").attribute("note", hostile).origin(hostile).build(),
                    MicroConversionEvent.builder().id(UUID.randomUUID()).name("share")
                            .timestamp(Instant.parse("0001-01-01T00:00:00.000000499Z")).build(),
                    MicroConversionEvent.builder().id(UUID.randomUUID()).name("purchase")
                            .timestamp(Instant.parse("9999-12-31T23:59:59.999Z"))
                            .visitor(new VisitorContext("\ud83d\ude00".repeat(64), "s", null, null, Map.of()))
                            .value(new BigDecimal("-0.0001"), "USD").build(),
                    bypassingValidation(event("share"), "sessionId", "tab\there\nnew line\r\\t"));
            MicroConversionEvent overlong = bypassingValidation(event("share"), "origin", "o".repeat(256));
            List<MicroConversionEvent> batch = new ArrayList<>(events);
            batch.add(1, overlong);

            List<Rejection> rejected = c.bean(EventStore.class).store(batch);

            assertThat(rejected).extracting(Rejection::event).containsExactly(overlong); // refused, never truncated
            assertThat(rejected.get(0).sqlState()).isEqualTo("22001");
            Dialect dialect;
            try (Connection conn = db.getConnection()) {
                dialect = Dialect.of(conn);
            }
            for (MicroConversionEvent e : events) {
                try (Connection conn = db.getConnection();
                        PreparedStatement ps = conn.prepareStatement(
                                "SELECT name, kind, occurred_at, visitor_id, session_id, user_id, source, medium, campaign,"
                                        + " variants, value, currency, attributes, origin FROM mc_event WHERE id = ?")) {
                    ps.setString(1, e.id().toString());
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).as("row of %s", e.name()).isTrue();
                        Channel ch = e.channel();
                        assertThat(rs.getString(1)).isEqualTo(e.name());
                        assertThat(rs.getString(2)).isEqualTo(e.kind().label());
                        assertThat(dialect.getInstant(rs, 3)).isEqualTo(asStored(e.timestamp()));
                        assertThat(rs.getString(4)).isEqualTo(e.visitorId());
                        assertThat(rs.getString(5)).isEqualTo(e.sessionId());
                        assertThat(rs.getString(6)).isEqualTo(e.userId());
                        assertThat(rs.getString(7)).isEqualTo(ch == null ? null : ch.source());
                        assertThat(rs.getString(8)).isEqualTo(ch == null ? null : ch.medium());
                        assertThat(rs.getString(9)).isEqualTo(ch == null ? null : ch.campaign());
                        assertThat(rs.getString(10)).isEqualTo(JsonWriter.objectOrNull(e.variants()));
                        BigDecimal value = rs.getBigDecimal(11);
                        if (e.value() == null) {
                            assertThat(value).isNull();
                        } else {
                            assertThat(value).isEqualByComparingTo(e.value());
                        }
                        assertThat(rs.getString(12)).isEqualTo(e.currency());
                        assertThat(rs.getString(13)).isEqualTo(JsonWriter.objectOrNull(e.attributes()));
                        assertThat(rs.getString(14)).isEqualTo(e.origin());
                    }
                }
            }
            assertThat(Databases.count(db, "")).isEqualTo(events.size());
        }
    }

    @Test
    void shutdownWithAFullBufferLosesNothing() throws Exception {
        DataSource db = freshDatabase();
        // An executor that never runs the observer: everything stays buffered until shutdown.
        TestContainer c = TestContainer.builder(db).executor(task -> {
        })
                .config(ConfigKeys.BUFFER_CAPACITY, "1000")
                .config(ConfigKeys.FLUSH_INTERVAL, "1h")
                .beans(ShopBean.class).start();
        ShopBean shop = c.bean(ShopBean.class);
        for (int i = 0; i < 1_500; i++) {
            shop.addToCart("sku");
        }
        // the first call that found the buffer full wrote the oldest batch (500, persist-inline);
        // the other 499 then found room
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
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertThat(TestContainer.counter("microconversions.persisted")).isEqualTo(201));
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

    @Test
    void aPoisonRowIsQuarantinedEveryGoodRowIsPersistedAndThePipelineGoesOn() throws Exception {
        DataSource db = freshDatabase();
        try (GatedExecutor gate = new GatedExecutor();
                TestContainer c = TestContainer.builder(db).executor(gate).config(ConfigKeys.FLUSH_INTERVAL, "1h")
                        .beans(ShopBean.class, RecordingSink.class).start()) {
            // A rule a DBA added, which any database enforces: a real constraint violation.
            execute(db, "ALTER TABLE mc_event ADD CONSTRAINT mc_poison CHECK (value IS NULL OR value <> 13)");
            ShopBean shop = c.bean(ShopBean.class);
            for (int i = 0; i < 10; i++) {
                shop.addToCart("a");
            }
            shop.purchase(new BigDecimal("13"));
            for (int i = 0; i < 20; i++) {
                shop.addToCart("b");
            }
            gate.open(); // the 31 waiting conversions go as one batch

            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 30);
            List<List<String>> rejected = Databases.rows(db,
                    "SELECT sql_state, reason, event_json, message FROM mc_event_rejected");
            assertThat(rejected).hasSize(1);
            assertThat(rejected.get(0).get(0)).startsWith("23"); // 23513 on Derby, 23514 on PostgreSQL
            assertThat(rejected.get(0).get(1)).isEqualTo("check");
            assertThat(rejected.get(0).get(2)).contains("\"name\":\"purchase\"", "\"value\":\"13\"");
            assertThat(rejected.get(0).get(3)).isNotBlank();
            assertThat(Databases.count(db, "name = 'purchase'")).isZero();
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox")).isEqualTo(30);
            // the counters follow the commit, on the drain thread
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(TestContainer.hasCounter("microconversions.rejected", new Tag("reason", "check"))).isTrue();
                assertThat(TestContainer.counter("microconversions.rejected", new Tag("reason", "check"))).isEqualTo(1);
                assertThat(TestContainer.counter("microconversions.persisted")).isEqualTo(30);
            });

            shop.addToCart("after");
            await().atMost(Duration.ofSeconds(2)).until(() -> Databases.count(db, "") == 31);
            assertThat(TestContainer.total("microconversions.persist.failures")).isZero();
        }
    }

    @Test
    void aNumericOverflowFromAnyCallerIsQuarantinedWithItsSqlState() throws Exception {
        DataSource db = freshDatabase();
        try (TestContainer c = TestContainer.builder(db).start()) {
            MicroConversionEvent good1 = event("share");
            MicroConversionEvent overflow = bypassingValidation(MicroConversionEvent.builder()
                    .id(UUID.randomUUID()).name("purchase").timestamp(Instant.now())
                    .value(BigDecimal.ONE, "EUR").build(), "value", new BigDecimal("1e16")); // NUMERIC(19, 4) holds < 1e15
            MicroConversionEvent good2 = event("share");

            List<Rejection> rejected = c.bean(EventStore.class).store(List.of(good1, overflow, good2));

            assertThat(rejected).extracting(Rejection::event).containsExactly(overflow);
            assertThat(rejected.get(0).sqlState()).isEqualTo("22003");
            assertThat(rejected.get(0).reason()).isEqualTo("out-of-range");
            assertThat(Databases.rows(db, "SELECT id FROM mc_event ORDER BY id")).extracting(r -> r.get(0).trim())
                    .containsExactlyInAnyOrder(good1.id().toString(), good2.id().toString());
            assertThat(Databases.rows(db, "SELECT event_id, sql_state, event_json FROM mc_event_rejected"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.get(0).trim()).isEqualTo(overflow.id().toString());
                        assertThat(r.get(1)).isEqualTo("22003");
                        assertThat(r.get(2)).contains("\"value\":\"10000000000000000\"");
                    });
        }
    }

    @Test
    void flappingConnectionsKeepEveryBatchAndLoseNothing() throws Exception {
        SwitchableDataSource db = new SwitchableDataSource(freshDatabase());
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "100ms")
                .beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            shop.addToCart("before");
            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 1);

            db.failEvery(2); // every other connection attempt fails as an outage does (SQLState 08001)
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    tasks.add(() -> {
                        for (int i = 0; i < 100; i++) {
                            shop.addToCart("during");
                            Thread.sleep(2);
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
            await().atMost(Duration.ofSeconds(10)).until(() -> TestContainer.hasCounter(
                    "microconversions.persist.failures", new Tag("exception", "SQLTransientConnectionException")));
            db.up();

            await().atMost(Duration.ofSeconds(20)).until(() -> Databases.count(db, "") == 401);
            assertThat(Databases.queryLong(db, "SELECT COUNT(DISTINCT id) FROM mc_event")).isEqualTo(401);
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_event_rejected")).isZero();
            assertThat(TestContainer.hasCounter("microconversions.dropped", new Tag("reason", "store-unavailable")))
                    .isFalse();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertThat(TestContainer.counter("microconversions.persisted")).isEqualTo(401));
        }
    }

    @Test
    void durableOverflowWritesInlineBoundedAndTheFirstFailureMarksTheStoreDownUntilAProbeSucceeds() throws Exception {
        SwitchableDataSource db = new SwitchableDataSource(freshDatabase());
        try (GatedExecutor gate = new GatedExecutor();
                TestContainer c = TestContainer.builder(db).executor(gate)
                        .config(ConfigKeys.BUFFER_CAPACITY, "5").config(ConfigKeys.BUFFER_INLINE_WRITERS, "2")
                        .config(ConfigKeys.FLUSH_INTERVAL, "100ms").beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            for (int i = 0; i < 5; i++) {
                shop.addToCart("buffered"); // the drain is held by the gate: the buffer is now full
            }
            db.hold(); // a pool with nothing to give: inline writers wait in getConnection
            ExecutorService callers = Executors.newFixedThreadPool(10);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    // a macro conversion is durable: its caller waits for its own commit
                    calls.add(callers.submit(() -> shop.purchase(BigDecimal.ONE)));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> db.held() == 2 && TestContainer.hasCounter(
                        "microconversions.dropped", new Tag("reason", "inline-busy"))
                        && TestContainer.counter("microconversions.dropped", new Tag("reason", "inline-busy")) == 8);
                db.down();
                db.release(); // the two waiting writers now fail
                for (Future<?> f : calls) {
                    f.get(10, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdown();
            }
            assertThat(db.maxHeld()).isEqualTo(2);
            assertThat(TestContainer.counter("microconversions.dropped", new Tag("reason", "store-unavailable")))
                    .isEqualTo(2);

            // the store is down now: the next overflow is dropped without touching the database
            int attempts = db.attempts();
            shop.addToCart("while-down");
            assertThat(db.attempts()).isEqualTo(attempts);
            assertThat(TestContainer.counter("microconversions.dropped", new Tag("reason", "store-unavailable")))
                    .isEqualTo(3);

            gate.open(); // the drain fails too while the database is down, and keeps its batch
            await().atMost(Duration.ofSeconds(5)).until(() -> db.attempts() > attempts);
            db.up(); // the next flush tick is the probe that brings the store back
            await().atMost(Duration.ofSeconds(2)).until(() -> Databases.count(db, "") == 5);
            shop.addToCart("after");
            await().atMost(Duration.ofSeconds(2)).until(() -> Databases.count(db, "") == 6);

            // every conversion is persisted or counted as dropped, exactly
            assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(7);
            assertThat(TestContainer.conversions("purchase", "macro")).isEqualTo(10);
            assertThat(storedOrDropped(db)).isEqualTo(17);
        }
    }

    @Test
    void overflowingCallersWaitForRoomWithoutAConnectionWhileOneOfThemWritesTheOldestBatch() throws Exception {
        SwitchableDataSource db = new SwitchableDataSource(freshDatabase());
        try (GatedExecutor gate = new GatedExecutor();
                TestContainer c = TestContainer.builder(db).executor(gate)
                        .config(ConfigKeys.BUFFER_CAPACITY, "5").config(ConfigKeys.FLUSH_INTERVAL, "100ms")
                        .config(ConfigKeys.BUFFER_OVERFLOW_WAIT, "60s") // a slow batch, not a hung one
                        .beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            for (int i = 0; i < 5; i++) {
                shop.addToCart("buffered"); // the drain is held by the gate: the buffer is now full
            }
            int attempts = db.attempts();
            db.hold(); // the first overflowing caller's batch waits in getConnection
            ExecutorService callers = Executors.newFixedThreadPool(10);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    calls.add(callers.submit(() -> shop.addToCart("overflow")));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> db.held() == 1);
                // the writer took the five buffered ones into its batch: five callers found room,
                // the other four wait for its commit, and none of them asked for a connection
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> calls.stream().filter(Future::isDone).count() == 5);
                Thread.sleep(200);
                assertThat(calls.stream().filter(Future::isDone).count()).isEqualTo(5);
                assertThat(db.maxHeld()).isEqualTo(1);
                db.release();
                for (Future<?> f : calls) {
                    f.get(10, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdown();
            }
            gate.open();
            await().atMost(Duration.ofSeconds(5)).until(() -> Databases.count(db, "") == 15);
            assertThat(db.maxHeld()).isEqualTo(1);
            // batches of up to five, not one transaction per overflowing call (that would be ten more)
            assertThat(db.attempts() - attempts).isLessThanOrEqualTo(4);
            assertThat(TestContainer.hasCounter("microconversions.dropped", new Tag("reason", "store-unavailable")))
                    .isFalse();
            assertThat(TestContainer.hasCounter("microconversions.dropped", new Tag("reason", "inline-busy")))
                    .isFalse();
        }
    }

    @Test
    void aBatchStalledBeyondTheOverflowWaitSendsCallersToTheBoundedInlineWriteAndLosesNothingUncounted()
            throws Exception {
        SwitchableDataSource db = new SwitchableDataSource(freshDatabase());
        try (GatedExecutor gate = new GatedExecutor();
                TestContainer c = TestContainer.builder(db).executor(gate)
                        .config(ConfigKeys.BUFFER_CAPACITY, "5").config(ConfigKeys.BUFFER_INLINE_WRITERS, "2")
                        .config(ConfigKeys.BUFFER_OVERFLOW_WAIT, "100ms").config(ConfigKeys.FLUSH_INTERVAL, "100ms")
                        .beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            for (int i = 0; i < 5; i++) {
                shop.addToCart("buffered"); // the drain is held by the gate: the buffer is now full
            }
            db.hold(); // a hung database: the first overflowing caller's batch never gets its connection
            ExecutorService callers = Executors.newFixedThreadPool(10);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    calls.add(callers.submit(() -> shop.addToCart("overflow")));
                }
                // five find the room the stalled batch left; the other four stop waiting after 100 ms:
                // two write inline (and wait on the database too), two are dropped and counted
                await().atMost(Duration.ofSeconds(10)).until(() -> db.held() == 3 && TestContainer.hasCounter(
                        "microconversions.dropped", new Tag("reason", "inline-busy"))
                        && TestContainer.counter("microconversions.dropped", new Tag("reason", "inline-busy")) == 2
                        && calls.stream().filter(Future::isDone).count() == 7);
                db.down();
                db.release(); // the batch and both inline writes fail now
                for (Future<?> f : calls) {
                    f.get(10, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdown();
            }
            assertThat(db.maxHeld()).isEqualTo(3); // one batch writer and buffer.inline-writers
            gate.open();
            db.up();
            await().atMost(Duration.ofSeconds(5)).until(() -> Databases.count(db, "") == 10);
            assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(15);
            assertThat(storedOrDropped(db)).isEqualTo(15);
        }
    }

    @Test
    void conversionsArrivingWithinTheBatchLingerShareOneWriteAndWithoutALingerEachGoesAlone() throws Exception {
        assertThat(writesFor(10, "1s")).isEqualTo(1);
        assertThat(writesFor(10, "0ms")).isGreaterThanOrEqualTo(8);
    }

    /** @return connections the pipeline took to store {@code n} conversions recorded 20 ms apart */
    private int writesFor(int n, String linger) throws Exception {
        DataSource raw = freshDatabase(); // counted here: a count through db would take its connections
        SwitchableDataSource db = new SwitchableDataSource(raw);
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.BATCH_LINGER, linger)
                .config(ConfigKeys.FLUSH_INTERVAL, "1h").beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            shop.addToCart("warm-up"); // the store is prepared and the forwarder has looked once
            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(raw, "") == 1);
            Thread.sleep(100);
            int attempts = db.attempts();
            for (int i = 0; i < n; i++) {
                shop.addToCart("lingered");
                Thread.sleep(20);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(raw, "") == n + 1);
            return db.attempts() - attempts;
        }
    }

    @Test
    void aBurstFarBeyondTheBufferWithNoDrainRunningIsWrittenInBatchesAndLosesNothing() throws Exception {
        SwitchableDataSource db = new SwitchableDataSource(freshDatabase());
        // the executor never runs the drain: only the overflowing callers write
        TestContainer c = TestContainer.builder(db).executor(task -> {
        }).config(ConfigKeys.BUFFER_CAPACITY, "50").config(ConfigKeys.BATCH_SIZE, "50")
                .config(ConfigKeys.BUFFER_OVERFLOW_WAIT, "60s") // batches of a cold JIT are slow, not hung
                .config(ConfigKeys.FLUSH_INTERVAL, "1h").beans(ShopBean.class).start();
        try {
            ShopBean shop = c.bean(ShopBean.class);
            int attempts = db.attempts();
            callConcurrently(8, 500, () -> shop.addToCart("burst"), Duration.ofSeconds(60));
            long written = Databases.count(db, "");
            assertThat(written).isGreaterThanOrEqualTo(4_000 - 50).isLessThanOrEqualTo(4_000);
            assertThat(written % 50).isZero(); // whole batches only
            // one connection per batch (and one the forwarder may take at start), not one per call
            assertThat(db.attempts() - attempts).isBetween((int) (written / 50), (int) (written / 50) + 2);
            assertThat(TestContainer.hasCounter("microconversions.dropped", new Tag("reason", "store-unavailable")))
                    .isFalse();
            assertThat(TestContainer.hasCounter("microconversions.dropped", new Tag("reason", "inline-busy")))
                    .isFalse();
        } finally {
            c.close(); // shutdown writes what is still buffered
        }
        assertThat(Databases.queryLong(db, "SELECT COUNT(DISTINCT id) FROM mc_event")).isEqualTo(4_000);
    }

    @Test
    void aLockedTableNeverHoldsARecordingCallLongerThanTheStatementTimeout() throws Exception {
        DataSource db = freshDatabase();
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.STORE_STATEMENT_TIMEOUT, "1s")
                .config(ConfigKeys.BUFFER_CAPACITY, "20").config(ConfigKeys.BUFFER_INLINE_WRITERS, "2")
                .config(ConfigKeys.FLUSH_INTERVAL, "100ms").beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            shop.addToCart("before");
            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 1);

            List<Long> millis = new ArrayList<>();
            try (Connection locker = db.getConnection()) {
                locker.setAutoCommit(false);
                lockEventTable(locker);
                ExecutorService callers = Executors.newFixedThreadPool(4);
                try {
                    List<Callable<List<Long>>> tasks = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        tasks.add(() -> {
                            List<Long> took = new ArrayList<>();
                            for (int i = 0; i < 50; i++) {
                                long start = System.nanoTime();
                                shop.addToCart("locked");
                                took.add((System.nanoTime() - start) / 1_000_000);
                                Thread.sleep(20);
                            }
                            return took;
                        });
                    }
                    for (Future<List<Long>> f : callers.invokeAll(tasks)) {
                        millis.addAll(f.get());
                    }
                } finally {
                    callers.shutdown();
                }
                locker.rollback();
            }
            assertThat(millis).hasSize(200);
            // the 1 s timeout, plus the cancel's round trip on a busy machine
            assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThan(2_000);
            assertThat(TestContainer.counter("microconversions.dropped", new Tag("reason", "store-unavailable")))
                    .isPositive();

            Pipeline pipeline = c.bean(Pipeline.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.depth() == 0
                    && TestContainer.counter("microconversions.persisted") == Databases.count(db, ""));
            long dropped = TestContainer.counter("microconversions.dropped", new Tag("reason", "store-unavailable"))
                    + (TestContainer.hasCounter("microconversions.dropped", new Tag("reason", "inline-busy"))
                            ? TestContainer.counter("microconversions.dropped", new Tag("reason", "inline-busy"))
                            : 0);
            assertThat(Databases.count(db, "") + dropped).isEqualTo(201);
            assertThat(Databases.count(db, "")).isGreaterThanOrEqualTo(21); // the buffered ones were kept
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_event_rejected")).isZero();
        }
    }

    /** @return rows stored plus conversions dropped by the overflow (every reason an overflow can drop for) */
    private static long storedOrDropped(DataSource db) {
        return TestContainer.counter("microconversions.dropped", new Tag("reason", "inline-busy"))
                + TestContainer.counter("microconversions.dropped", new Tag("reason", "store-unavailable"))
                + Databases.count(db, "");
    }

    /** Runs {@code call} {@code callsEach} times on each of {@code threads} threads, and waits for all of them. */
    private static void callConcurrently(int threads, int callsEach, Runnable call, Duration atMost)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < callsEach; i++) {
                        call.run();
                    }
                    return null;
                });
            }
            for (Future<Void> f : callers.invokeAll(tasks)) {
                f.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            callers.shutdown();
        }
    }

    static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * An event as an older version or a custom caller might hand it to the store: the event API
     * refuses such a value, so it is set behind the API's back. The store must isolate it anyway.
     */
    static MicroConversionEvent bypassingValidation(MicroConversionEvent valid, String field, Object value) {
        try {
            java.lang.reflect.Field f = MicroConversionEvent.class.getDeclaredField(field);
            f.setAccessible(true);
            f.set(valid, value);
            return valid;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot set " + field, e);
        }
    }

    static MicroConversionEvent event(String name) {
        return MicroConversionEvent.builder().id(UUID.randomUUID()).name(name).timestamp(Instant.now()).build();
    }
}
