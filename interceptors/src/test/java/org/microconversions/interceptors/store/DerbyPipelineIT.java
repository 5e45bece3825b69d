package org.microconversions.interceptors.store;

import org.apache.derby.jdbc.EmbeddedDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The pipeline contract on embedded Apache Derby, file-based as Liberty runs it. */
class DerbyPipelineIT extends PipelineContract {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Override
    protected DataSource freshDatabase() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(Path.of("target", "derby-it", "db" + ProcessHandle.current().pid() + "_"
                + SEQ.incrementAndGet()).toAbsolutePath().toString());
        ds.setCreateDatabase("create");
        return ds;
    }

    @Override
    protected void lockEventTable(Connection locker) throws SQLException {
        try (Statement s = locker.createStatement()) {
            s.execute("LOCK TABLE mc_event IN EXCLUSIVE MODE");
        }
    }
}
