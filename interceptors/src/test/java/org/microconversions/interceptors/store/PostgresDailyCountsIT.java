package org.microconversions.interceptors.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.PostgresServer;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL's daily count ledger (V9) against the conversions it counts, under the writers real
 * traffic brings at once: two stores writing batches that repeat stored conversions beside new
 * ones (the split path), late conversions, conversions without a visitor, folds running between
 * and during the writes, an erasure, retention cutting a day in half, an update and a truncate.
 * The truth is mc_event itself, counted here by UTC day in Java.
 */
class PostgresDailyCountsIT {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    private static final String[] NAMES = {"view-product", "add-to-cart", "proceed-to-checkout", "purchase", "share"};
    private static final Instant DAY0 = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void theLedgerCountsExactlyWhatMcEventHoldsThroughConcurrentWritesRetriesFoldsAndDeletes() throws Exception {
        DataSource db = POSTGRES.fresh();
        try (TestContainer c = TestContainer.builder(db).start()) {
            JdbcEventStore store = c.bean(JdbcEventStore.class);
            store.prepare();
            DailyCounts ledger = store.dailyCounts();
            Set<UUID> acknowledged = Collections.synchronizedSet(new HashSet<>());
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong folds = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    long seed = 17L + w;
                    writers.add(pool.submit(() -> {
                        write(store, new Random(seed), acknowledged);
                        return null;
                    }));
                }
                Future<?> folder = pool.submit(() -> {
                    while (writing.get()) {
                        ledger.compact();
                        folds.incrementAndGet();
                    }
                    return null;
                });
                for (Future<?> f : writers) {
                    f.get();
                }
                writing.set(false);
                folder.get();
            } finally {
                pool.shutdownNow();
            }
            assertThat(folds.get()).as("folds ran during the writes").isGreaterThan(1);
            assertThat(Databases.count(db, "1 = 1")).as("every acknowledged conversion stored once")
                    .isEqualTo(acknowledged.size());
            assertThat(ledger(db)).isEqualTo(counted(db));

            assertThat(store.events().eraseVisitor("visitor-3")).isPositive();
            assertThat(store.events().deleteBefore(DAY0.plusSeconds(36 * 3600))).isPositive(); // day 1 cut at noon
            try (Connection conn = db.getConnection(); Statement st = conn.createStatement()) {
                assertThat(st.executeUpdate("UPDATE mc_event SET name = 'share', occurred_at = occurred_at"
                        + " + INTERVAL '3 days' WHERE name = 'purchase' AND visitor_id = 'visitor-5'")).isPositive();
                st.executeUpdate("UPDATE mc_event SET origin = 'untouched counts' WHERE visitor_id = 'visitor-6'");
            }
            assertThat(ledger(db)).isEqualTo(counted(db));

            ledger.compact();
            assertThat(ledger(db)).isEqualTo(counted(db));
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_daily_count"))
                    .as("one row per day and name once folded").isEqualTo(counted(db).size());

            try (Connection conn = db.getConnection(); Statement st = conn.createStatement()) {
                st.execute("TRUNCATE mc_outbox, mc_event");
            }
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_daily_count")).isZero();
        }
    }

    @Test
    void aStatementThatFailsLeavesNothingInTheLedger() throws Exception {
        DataSource db = POSTGRES.fresh();
        try (TestContainer c = TestContainer.builder(db).start()) {
            JdbcEventStore store = c.bean(JdbcEventStore.class);
            store.prepare();
            MicroConversionEvent e = event(new Random(1), 0);
            assertThat(store.store(List.of(e))).isEmpty();
            try (Connection conn = db.getConnection();
                    PreparedStatement ps = conn.prepareStatement(Dialect.POSTGRESQL.arrayInsertSql())) {
                String[][] rows = new String[Dialect.COLUMN_COUNT][];
                for (int col = 0; col < rows.length; col++) {
                    rows[col] = new String[2];
                    rows[col][0] = EventRows.text(event(new Random(2), 1), col);
                    rows[col][1] = EventRows.text(e, col); // a duplicate: the whole statement fails
                }
                for (int col = 0; col < rows.length; col++) {
                    ps.setArray(col + 1, conn.createArrayOf("text", rows[col]));
                }
                assertThatThrownBy(ps::executeUpdate)
                        .hasMessageContaining("mc_event_pkey");
            }
            assertThat(ledger(db)).isEqualTo(counted(db)).hasSize(1);
        }
    }

    /** Batches of 1 to 60 over four days, a tenth late by months, a fifth without visitor, and re-sent batches. */
    private static void write(JdbcEventStore store, Random rnd, Set<UUID> acknowledged) throws Exception {
        List<MicroConversionEvent> sent = new ArrayList<>();
        for (int b = 0; b < 80; b++) {
            List<MicroConversionEvent> batch = new ArrayList<>();
            int size = 1 + rnd.nextInt(60);
            for (int i = 0; i < size; i++) {
                batch.add(event(rnd, rnd.nextInt(4)));
            }
            if (b % 7 == 3 && !sent.isEmpty()) { // a batch whose commit was unknown, sent again beside new ones
                batch.addAll(sent.subList(Math.max(0, sent.size() - 1 - rnd.nextInt(30)), sent.size()));
                Collections.shuffle(batch, rnd);
            }
            assertThat(store.store(batch)).as("nothing refused").isEmpty();
            for (MicroConversionEvent e : batch) {
                acknowledged.add(e.id());
            }
            sent.addAll(batch);
        }
    }

    private static MicroConversionEvent event(Random rnd, int day) {
        Instant at = DAY0.plusSeconds(day * 86_400L + rnd.nextInt(86_400)).plusNanos(rnd.nextInt(1000) * 1000L);
        if (rnd.nextInt(10) == 0) {
            at = at.minusSeconds(86_400L * (60 + rnd.nextInt(300))); // late: recorded long after
        }
        MicroConversionEvent.Builder b = MicroConversionEvent.builder().id(UUID.randomUUID())
                .name(NAMES[rnd.nextInt(NAMES.length)]).timestamp(at);
        if (rnd.nextInt(5) != 0) {
            b.visitorId("visitor-" + rnd.nextInt(12));
        }
        return b.build();
    }

    /** @return the ledger's sums by UTC day and name, zero sums left out */
    private static Map<String, Long> ledger(DataSource db) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CAST(day AS VARCHAR(10)), name, SUM(n) FROM mc_daily_count"
                        + " GROUP BY day, name HAVING SUM(n) <> 0")) {
            while (rs.next()) {
                out.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3));
            }
        }
        return out;
    }

    /** @return mc_event's conversions by UTC day and name, the day computed here */
    private static Map<String, Long> counted(DataSource db) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT occurred_at, name FROM mc_event")) {
            while (rs.next()) {
                Instant at = Dialect.POSTGRESQL.getInstant(rs, 1);
                out.merge(LocalDate.ofInstant(at, ZoneOffset.UTC) + "|" + rs.getString(2), 1L, Long::sum);
            }
        }
        return out;
    }
}
