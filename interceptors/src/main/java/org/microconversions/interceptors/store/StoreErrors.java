package org.microconversions.interceptors.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Sorts database errors into the two kinds the pipeline treats differently: the database is not
 * available now (keep the batch and retry it), or it refuses a row for good (quarantine the row).
 *
 * <p>Availability: {@link SQLTransientException} and {@link SQLRecoverableException} (timeouts,
 * connection failures), SQLState classes 08 (connection), 40 (rollback, deadlock, serialization),
 * 53 (insufficient resources), 57 (operator intervention, e.g. 57014 statement cancelled by the
 * timeout), 55P03 (lock not available), HY008 (cancelled), Derby's 40XL1/40XL2 (lock timeout)
 * and XCL52 (statement timed out), and failures with no SQLState at all (an I/O error in the
 * driver). Data: classes 22 (data exception) and 23 (integrity constraint), except the
 * duplicate key 23505, which the store handles itself.
 */
public final class StoreErrors {

    static final String DUPLICATE_KEY = "23505";

    private StoreErrors() {
    }

    /**
     * @param failure what the store threw
     * @return true if it says the database cannot be used now, so the same write may succeed later
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException e) {
                String state = sqlState(e);
                if (state == null) {
                    return true;
                }
                if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.equals("55P03") || state.equals("HY008")
                        || state.equals("XCL52")) {
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    /** @return true for a data or constraint error that no retry will cure (not a duplicate key) */
    static boolean isData(SQLException e) {
        String state = sqlState(e);
        return state != null && !unavailable(e) && (state.startsWith("22") || state.startsWith("23"))
                && !DUPLICATE_KEY.equals(state);
    }

    static boolean isDuplicate(SQLException e) {
        return DUPLICATE_KEY.equals(sqlState(e));
    }

    /**
     * The SQLState that says most: a batch exception's own, or else that of the first chained
     * exception that has one (PostgreSQL puts the server's error in {@code getNextException}).
     */
    static String sqlState(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null) {
                return s.getSQLState();
            }
            if (s.getNextException() == s) {
                break;
            }
        }
        return null;
    }

    /**
     * The {@code reason} label of {@code microconversions_rejected_total}: a short name for the
     * SQLStates seen in practice, else the class ({@code data} for 22, {@code constraint} for 23),
     * else {@code other}. Bounded, whatever the database says.
     */
    static String reason(String sqlState) {
        if (sqlState == null) {
            return "other";
        }
        return switch (sqlState) {
            case "22001" -> "too-long";
            case "22003" -> "out-of-range";
            case "22021", "22P05" -> "bad-character";
            case "23502" -> "not-null";
            case "23503" -> "foreign-key";
            case "23505" -> "unique";
            case "23513", "23514" -> "check"; // Derby, PostgreSQL
            default -> sqlState.startsWith("22") ? "data" : sqlState.startsWith("23") ? "constraint" : "other";
        };
    }
}
