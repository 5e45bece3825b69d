package org.microconversions.interceptors.support;

import org.apache.derby.jdbc.EmbeddedDataSource;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Real databases for tests, and small query helpers. */
public final class Databases {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private Databases() {
    }

    /** @return a fresh, empty in-memory Derby database */
    public static DataSource derby() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:mc" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet());
        ds.setCreateDatabase("create");
        return ds;
    }

    /** @return a fresh, file-based Derby database under target/derby-it, as Liberty runs Derby */
    public static DataSource derbyFile(String prefix) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(java.nio.file.Path.of("target", "derby-it", prefix + ProcessHandle.current().pid() + "_"
                + SEQ.incrementAndGet()).toAbsolutePath().toString());
        ds.setCreateDatabase("create");
        return ds;
    }

    /** @return a new, empty database on the given PostgreSQL server, with the shipped driver options */
    public static DataSource freshPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres)
            throws SQLException {
        String name = "mc" + SEQ.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return postgres.getDatabase("postgres", name, java.util.Map.of("reWriteBatchedInserts", "true"));
    }

    public static long count(DataSource ds, String sqlWhere) {
        return queryLong(ds, "SELECT COUNT(*) FROM mc_event" + (sqlWhere.isEmpty() ? "" : " WHERE " + sqlWhere));
    }

    public static long queryLong(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42X05".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())) {
                return -1; // table not created yet
            }
            throw new IllegalStateException(e);
        }
    }

    public static List<List<String>> rows(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
