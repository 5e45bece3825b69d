package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report that cannot finish in {@code microconversions.insights.timeout} (here: its table locked
 * by another transaction, as a long migration or a bulk delete would) is cancelled by the database
 * and answers 503 with the reason, in about the timeout, not the store's longer statement timeout;
 * nothing is left running, and the next report answers.
 */
abstract class ReportTimeoutContract {

    private final String lockEventTableSql;
    private final long lockedReportMaxMillis;
    private TestContainer container;
    private DataSource db;

    /**
     * @param lockEventTableSql     SQL that locks {@code mc_event} against readers until the transaction ends
     * @param lockedReportMaxMillis the longest the locked report may take: PostgreSQL cancels it after
     *                              the insights timeout; Derby's lock wait is one database-wide setting,
     *                              capped by the store's statement timeout (3 s here), so there it ends after that
     */
    ReportTimeoutContract(String lockEventTableSql, long lockedReportMaxMillis) {
        this.lockEventTableSql = lockEventTableSql;
        this.lockedReportMaxMillis = lockedReportMaxMillis;
    }

    protected abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void start() throws Exception {
        db = freshDatabase();
        container = TestContainer.builder(db)
                .config("microconversions.insights.timeout", "1s")
                .config("microconversions.store.statement-timeout", "3s")
                .config("microconversions.funnel.checkout.steps", "view-product,add-to-cart,purchase")
                .config("microconversions.experiment.layout.variants", "control:50,b:50")
                .start();
        container.bean(JdbcEventStore.class).prepare();
    }

    protected TestContainer container() {
        return container;
    }

    protected DataSource database() {
        return db;
    }

    @AfterEach
    void stop() {
        container.close();
    }

    @Test
    void aReportThatOutrunsTheInsightsTimeoutAnswers503WithTheReasonAndTheNextOneAnswers() throws Exception {
        InsightsClient endpoints = new InsightsClient(container.bean(InsightsResource.class));
        try (Connection locker = db.getConnection(); Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute(lockEventTableSql);

            long began = System.nanoTime();
            InsightsClient.Reply r = endpoints.funnel("checkout", null, null, null, null, null, null, null);
            long tookMs = (System.nanoTime() - began) / 1_000_000;

            assertThat(r.status()).as(r.json().toString()).isEqualTo(503);
            assertThat(r.json().getString("error")).contains("microconversions.insights.timeout");
            assertThat(tookMs).as("cancelled in time").isBetween(500L, lockedReportMaxMillis);
            locker.rollback();
        }
        assertThat(endpoints.funnel("checkout", null, null, null, null, null, null, null).status()).isEqualTo(200);
    }
}
