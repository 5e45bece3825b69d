package org.microconversions.interceptors.store;

import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** The pipeline contract on embedded Apache Derby, file-based as Liberty runs it. */
class DerbyPipelineIT extends PipelineContract {

    @Override
    protected DataSource freshDatabase() {
        return Databases.derbyFile("db");
    }

    /** Derby's TIMESTAMP keeps nanoseconds. */
    @Override
    protected Instant asStored(Instant occurredAt) {
        return occurredAt;
    }

    @Override
    protected void lockEventTable(Connection locker) throws SQLException {
        try (Statement s = locker.createStatement()) {
            s.execute("LOCK TABLE mc_event IN EXCLUSIVE MODE");
        }
    }
}
