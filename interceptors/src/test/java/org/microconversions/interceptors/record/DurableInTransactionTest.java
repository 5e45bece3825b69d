package org.microconversions.interceptors.record;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.EnlistingDataSource;
import org.microconversions.interceptors.support.ScriptedTransactions;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durable conversion inside a JTA transaction: written in that transaction when the library's
 * data source joins it (commits and rolls back with the order), else written after the commit,
 * the shop's call waiting for it. Either way the row is there when the commit returns.
 */
class DurableInTransactionTest {

    private final ScriptedTransactions tx = new ScriptedTransactions();
    private TestContainer container;

    @AfterEach
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    /** The shop's orders and mc_event in one data source, as on Liberty with one jdbc/microconversions. */
    private DataSource shared(String joinTransaction) throws SQLException {
        DataSource physical = Databases.derby();
        DataSource db = new EnlistingDataSource(physical, tx);
        container = TestContainer.builder(db).transactions(tx).config(ConfigKeys.FLUSH_INTERVAL, "1h")
                .config(ConfigKeys.DURABLE_JOIN_TRANSACTION, joinTransaction).beans(OrderBean.class).start();
        execute(db, "CREATE TABLE shop_order (id VARCHAR(36) PRIMARY KEY, total DECIMAL(19,4))");
        return db;
    }

    private static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long orders(DataSource db) {
        return Databases.queryLong(db, "SELECT COUNT(*) FROM shop_order");
    }

    @Test
    void joinedAndCommittedTheOrderAndItsConversionAreBothThereWhenTheCommitReturns() throws Exception {
        DataSource db = shared("auto"); // the test data source says it is XA
        tx.begin();
        container.bean(OrderBean.class).placeOrder(db, "o-1", new BigDecimal("59.90"));
        tx.commit();

        assertThat(orders(db)).isEqualTo(1);
        assertThat(Databases.count(db, "name = 'purchase' AND value = 59.9")).isEqualTo(1);
        assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox")).as("outbox rows: no sink enabled")
                .isZero();
        assertThat(TestContainer.conversions("purchase", "macro")).isEqualTo(1);
        assertThat(TestContainer.counter("microconversions.persisted")).isEqualTo(1);
        assertThat(container.bean(org.microconversions.interceptors.pipeline.Pipeline.class).depth())
                .as("nothing went through the buffer").isZero();
    }

    @Test
    void joinedAndRolledBackNeitherTheOrderNorItsConversionIsThere() throws Exception {
        DataSource db = shared("true");
        tx.begin();
        container.bean(OrderBean.class).placeOrder(db, "o-1", new BigDecimal("59.90"));
        tx.rollback();

        assertThat(orders(db)).isZero();
        assertThat(Databases.count(db, "")).isZero();
        assertThat(TestContainer.conversions("purchase", "macro")).as("a rolled-back purchase is not counted")
                .isZero();
    }

    @Test
    void aRowRefusedInsideTheTransactionLeavesTheOrderCommittedAndIsQuarantinedAfterTheCommit() throws Exception {
        DataSource db = shared("true");
        execute(db, "ALTER TABLE mc_event ADD CONSTRAINT mc_poison CHECK (value IS NULL OR value <> 13)");
        tx.begin();
        container.bean(OrderBean.class).placeOrder(db, "o-13", new BigDecimal("13"));
        tx.commit();

        assertThat(orders(db)).as("the order commits whatever tracking does").isEqualTo(1);
        assertThat(Databases.count(db, "")).isZero();
        assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_event_rejected")).isEqualTo(1);
        assertThat(TestContainer.hasCounter("microconversions.durable.timeouts", new Tag("name", "purchase")))
                .isFalse();
    }

    @Test
    void notJoinedTheConversionIsWrittenAfterTheCommitAndTheCommitWaitsForIt() throws Exception {
        DataSource db = shared("false");
        tx.begin();
        container.bean(OrderBean.class).placeOrder(db, "o-1", new BigDecimal("20.00"));
        assertThat(Databases.count(db, "")).isZero();
        tx.commit();
        assertThat(orders(db)).isEqualTo(1);
        assertThat(Databases.count(db, "name = 'purchase'")).as("written by the drain before commit returned")
                .isEqualTo(1);

        tx.begin();
        container.bean(OrderBean.class).placeOrder(db, "o-2", new BigDecimal("20.00"));
        tx.rollback();
        assertThat(orders(db)).isEqualTo(1);
        assertThat(Databases.count(db, "")).isEqualTo(1);
    }

    @Test
    void autoDoesNotJoinAOnePhaseDataSource() throws Exception {
        DataSource db = Databases.derby(); // plain, not XA: auto must not enlist it
        container = TestContainer.builder(db).transactions(tx).config(ConfigKeys.FLUSH_INTERVAL, "1h")
                .beans(OrderBean.class).start();
        assertThat(container.bean(org.microconversions.interceptors.pipeline.Pipeline.class).joinsTransactions())
                .isFalse();
        execute(db, "CREATE TABLE shop_order (id VARCHAR(36) PRIMARY KEY, total DECIMAL(19,4))");
        tx.begin();
        container.bean(OrderBean.class).placeOrder(db, "o-1", new BigDecimal("20.00"));
        tx.commit();
        assertThat(Databases.count(db, "name = 'purchase'")).isEqualTo(1);
    }
}
