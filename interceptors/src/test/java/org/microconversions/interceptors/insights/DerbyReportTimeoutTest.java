package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report timeout on Apache Derby (embedded, in memory), and a report over 20,000 visitors that
 * meets one conversion a writer holds locked (an update not yet committed): the report's scan waits
 * for that row, and the wait ends in a 503 with the reason, not in a report that hangs. (This test
 * used to rely on Derby's lift being slower than the timeout at 20,000 visitors; since lift is one
 * pass it takes well under a second there, so the lock makes the report outrun the timeout.)
 */
class DerbyReportTimeoutTest extends ReportTimeoutContract {

    DerbyReportTimeoutTest() {
        super("LOCK TABLE mc_event IN EXCLUSIVE MODE", 10_000);
    }

    @Test
    void aReportOverARowAWriterHoldsLockedAnswers503WithinTheLockWaitAndTheNextOneAnswers() throws Exception {
        Journeys.insert(database(), Journeys.generate(7L, 20_000, container().bean(InsightsQueries.class)
                .experiments().get("layout")));
        InsightsClient endpoints = new InsightsClient(container().bean(InsightsResource.class));
        assertThat(endpoints.lift(null, null, null).status()).as("unlocked").isEqualTo(200);

        try (Connection writer = database().getConnection(); Statement s = writer.createStatement()) {
            writer.setAutoCommit(false);
            assertThat(s.executeUpdate("UPDATE mc_event SET origin = 'locked' WHERE id = (SELECT MIN(id) FROM"
                    + " mc_event WHERE visitor_id IS NOT NULL)")).isEqualTo(1);

            long began = System.nanoTime();
            InsightsClient.Reply r = endpoints.lift(null, null, null);
            long tookMs = (System.nanoTime() - began) / 1_000_000;

            assertThat(r.status()).as("lift after %d ms: %s", tookMs, r.json()).isEqualTo(503);
            assertThat(r.json().getString("error")).contains("microconversions.insights.timeout");
            assertThat(tookMs).as("cancelled within the lock wait bound").isBetween(900L, 10_000L);
            writer.rollback();
        }
        assertThat(endpoints.lift(null, null, null).status()).as("after the writer is gone").isEqualTo(200);
    }

    @Override
    protected DataSource freshDatabase() {
        return Databases.derby();
    }
}
