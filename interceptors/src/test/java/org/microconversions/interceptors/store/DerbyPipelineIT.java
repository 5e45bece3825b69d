package org.microconversions.interceptors.store;

import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The pipeline contract on embedded Apache Derby, file-based as Liberty runs it. */
class DerbyPipelineIT extends PipelineContract {

    @Override
    protected DataSource freshDatabase() {
        return Databases.derbyFile("db");
    }

    @Override
    protected void lockEventTable(Connection locker) throws SQLException {
        try (Statement s = locker.createStatement()) {
            s.execute("LOCK TABLE mc_event IN EXCLUSIVE MODE");
        }
    }
}
