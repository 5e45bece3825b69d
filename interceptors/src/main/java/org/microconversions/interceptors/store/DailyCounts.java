package org.microconversions.interceptors.store;

import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.jdbc.Statements;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * PostgreSQL's ledger of conversions per UTC day and name ({@code mc_daily_count}, kept by the
 * triggers of V9): folds the rows of each day and name into one, so the ledger stays a few rows
 * per day however many statements wrote it. A day's count is the sum of its rows before and after.
 */
public final class DailyCounts {

    /**
     * One statement: the rows it deletes are the ones it re-inserts as sums. A concurrent fold
     * (another instance) waits on the rows this one deletes and then skips them; writers only ever
     * append, so nothing they add is lost or counted twice.
     */
    static final String FOLD = "WITH folded AS (DELETE FROM mc_daily_count WHERE (day, name) IN"
            + " (SELECT day, name FROM mc_daily_count GROUP BY day, name HAVING COUNT(*) > 1)"
            + " RETURNING day, name, n)"
            + " INSERT INTO mc_daily_count (day, name, n)"
            + " SELECT day, name, SUM(n) FROM folded GROUP BY day, name HAVING SUM(n) <> 0";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final int timeout;
    private volatile boolean present;

    DailyCounts(DataSource dataSource, Dialect dialect, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.timeout = timeoutSeconds;
    }

    /**
     * @return the day and name pairs folded; 0 where the database keeps no ledger (Derby, or a shop's own
     *         migrations not yet at V9)
     */
    public long compact() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!present) {
                present = dialect.keepsDailyCounts(c);
                if (!present) {
                    return 0;
                }
            }
            try (PreparedStatement ps = Statements.prepare(c, FOLD, timeout)) {
                long n = ps.executeUpdate();
                if (!c.getAutoCommit()) { // a pool may hand out connections outside auto-commit
                    c.commit();
                }
                return n;
            }
        }
    }
}
