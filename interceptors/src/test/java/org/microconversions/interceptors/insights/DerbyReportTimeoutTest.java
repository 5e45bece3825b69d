package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report timeout on Apache Derby (embedded, in memory), and a report that is slow on its own:
 * Derby's lift over 20,000 visitors takes longer than the 1 s timeout here (over 1 M conversions it
 * ran for more than 300 s and kept both cores busy after the client had gone).
 */
class DerbyReportTimeoutTest extends ReportTimeoutContract {

    DerbyReportTimeoutTest() {
        super("LOCK TABLE mc_event IN EXCLUSIVE MODE", 10_000);
    }

    @Test
    void aReportSlowerThanTheInsightsTimeoutIsCancelledByTheDatabaseAndAnswers503() throws Exception {
        Journeys.insert(database(), Journeys.generate(7L, 20_000, container().bean(InsightsQueries.class)
                .experiments().get("layout")));
        InsightsClient endpoints = new InsightsClient(container().bean(InsightsResource.class));

        long began = System.nanoTime();
        InsightsClient.Reply r = endpoints.lift(null, null, null);
        long tookMs = (System.nanoTime() - began) / 1_000_000;

        assertThat(r.status()).as("lift after %d ms: %s", tookMs, r.json()).isEqualTo(503);
        assertThat(r.json().getString("error")).contains("microconversions.insights.timeout");
        assertThat(tookMs).as("cancelled about the 1 s timeout").isBetween(900L, 5_000L);
    }

    @Override
    protected DataSource freshDatabase() {
        return Databases.derby();
    }
}
