package org.microconversions.interceptors.insights;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Set;

/** Tells a report the database cancelled for taking too long from a report that failed. */
final class ReportTimeouts {

    /**
     * 57014: PostgreSQL cancelled the statement (its query timeout); 55P03: PostgreSQL could not get
     * a lock; XCL52: Derby cancelled or timed the statement out; 40XL1: Derby waited too long for a lock.
     */
    private static final Set<String> STATES = Set.of("57014", "55P03", "XCL52", "40XL1");

    private ReportTimeouts() {
    }

    /** @return whether {@code e}, or an exception it was caused by or chained to, says the report ran out of time */
    static boolean isTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    if (n.getSQLState() != null && STATES.contains(n.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
