package org.microconversions.interceptors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Prepares every library statement with the configured query timeout, so a hung or locked
 * database fails a statement after {@code microconversions.store.statement-timeout} instead of
 * holding a thread (and, for inline writes, a shop request) for as long as the lock lasts.
 */
public final class Statements {

    private Statements() {
    }

    /**
     * @param timeoutSeconds JDBC query timeout; 0 means none
     * @return the statement, with the timeout set
     */
    public static PreparedStatement prepare(Connection c, String sql, int timeoutSeconds) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            ps.setQueryTimeout(timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
        return ps;
    }
}
