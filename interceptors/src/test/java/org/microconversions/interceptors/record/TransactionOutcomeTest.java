package org.microconversions.interceptors.record;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.ScriptedTransactions;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Only committed work counts: a conversion inside a transaction waits for its outcome. */
class TransactionOutcomeTest {

    private final ScriptedTransactions tx = new ScriptedTransactions();
    private DataSource db;
    private TestContainer container;
    private ShopBean shop;

    @BeforeEach
    void start() {
        db = Databases.derby();
        container = TestContainer.builder(db).transactions(tx).config("microconversions.flush-interval", "50ms")
                .beans(ShopBean.class).start();
        shop = container.bean(ShopBean.class);
    }

    @AfterEach
    void stop() {
        container.close();
    }

    private static boolean counted() {
        return TestContainer.hasCounter("microconversions.conversions", new Tag("name", "add-to-cart"),
                new Tag("kind", "micro")) && TestContainer.conversions("add-to-cart", "micro") > 0;
    }

    @Test
    void conversionInsideTransactionIsRecordedOnlyAfterCommit() {
        tx.begin();
        shop.addToCart("sku-1");
        assertThat(counted()).as("counted before commit").isFalse();

        tx.commit();

        assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 1);
    }

    @Test
    void rolledBackTransactionRecordsNothing() throws InterruptedException {
        tx.begin();
        shop.addToCart("sku-1");
        tx.rollback();

        shop.addToCart("sku-after-rollback"); // outside any transaction: recorded
        await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 1);
        Thread.sleep(200); // a wrongly recorded first call would have been written in the same flush
        assertThat(Databases.count(db, "")).isEqualTo(1);
        assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(1);
    }

    @Test
    void transactionMarkedForRollbackRecordsNothing() {
        tx.begin();
        tx.setRollbackOnly();
        shop.addToCart("sku-1");
        tx.rollback();

        assertThat(counted()).isFalse();
    }
}
