package org.microconversions.interceptors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/** What differs between the databases we support. */
public enum Dialect {
    DERBY("derby") {
        @Override
        public void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
            // Derby has no time zone type: store UTC wall-clock time.
            ps.setTimestamp(index, Timestamp.from(instant), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
        }

        /**
         * Derby's query timeout is not checked while a statement waits for a lock (it waits for
         * derby.locks.waitTimeout, 60 s by default), so the database's lock wait is capped at the
         * statement timeout too. A lower value someone set is kept.
         */
        @Override
        public void boundLockWaits(Connection c, int seconds) throws SQLException {
            String current;
            try (PreparedStatement ps = c.prepareStatement(
                    "VALUES SYSCS_UTIL.SYSCS_GET_DATABASE_PROPERTY('derby.locks.waitTimeout')");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                current = rs.getString(1);
            }
            if (current != null && current.matches("[0-9]+") && Integer.parseInt(current) <= seconds) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', ?)")) {
                ps.setString(1, Integer.toString(seconds));
                ps.execute();
            }
        }
    },
    POSTGRESQL("postgresql") {
        @Override
        public void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
            ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    };

    /**
     * A savepoint set by SQL, not {@code Connection.setSavepoint}: inside a global transaction an
     * application server may refuse the JDBC call, but not a statement it does not parse.
     */
    public String savepointSql(String name) {
        return this == DERBY ? "SAVEPOINT " + name + " ON ROLLBACK RETAIN CURSORS" : "SAVEPOINT " + name;
    }

    static final String COLUMNS = "id, name, kind, occurred_at, visitor_id, session_id, user_id, source, medium,"
            + " campaign, variants, value, currency, attributes, origin";

    /** The number of columns {@link #insertSql()} and {@link #arrayInsertSql()} write, in that order. */
    public static final int COLUMN_COUNT = COLUMNS.split(", ").length;

    /** Built once: the drain runs it for every batch. */
    private static final String ARRAY_INSERT = arrayInsert();

    private final String vendor;

    Dialect(String vendor) {
        this.vendor = vendor;
    }

    /** @return the Flyway migrations folder name */
    public String vendor() {
        return vendor;
    }

    /**
     * @return the one-row insert, which Derby runs as a JDBC batch (PostgreSQL takes
     *         {@link #arrayInsertSql()}): a plain {@code INSERT} on both databases, which
     *         refuses an id already stored. PostgreSQL's {@code ON CONFLICT DO NOTHING} would cost a
     *         speculative insertion on every row (1 to 5 µs of server CPU each,
     *         docs/performance.md) for what only a retried batch needs; the store splits that one.
     */
    public String insertSql() {
        return "INSERT INTO mc_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * @return PostgreSQL's insert of many rows in one statement: one {@code text[]} parameter per
     *         column of {@link #insertSql()}, in its order, read by {@code unnest} and converted by
     *         the insert's assignment casts (which refuse an over-long value, as a bound parameter
     *         does); {@code occurred_at} is ISO 8601 text, {@code value} plain decimal text
     */
    public String arrayInsertSql() {
        if (this != POSTGRESQL) {
            throw new UnsupportedOperationException(this + " has no array insert");
        }
        return ARRAY_INSERT;
    }

    private static String arrayInsert() {
        StringBuilder select = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        String[] columns = COLUMNS.split(", ");
        for (int i = 0; i < columns.length; i++) {
            String sep = i == 0 ? "" : ", ";
            String cast = switch (columns[i]) {
                case "occurred_at" -> "::timestamptz";
                case "value" -> "::numeric";
                default -> "";
            };
            select.append(sep).append("u.").append(columns[i]).append(cast);
            arrays.append(sep).append("?::text[]");
        }
        return "INSERT INTO mc_event (" + COLUMNS + ") SELECT " + select + " FROM unnest(" + arrays + ") AS u("
                + COLUMNS + ")";
    }

    /**
     * @return whether the database keeps the ledger of conversions per UTC day and name
     *         ({@code mc_daily_count}, PostgreSQL's V9): never on Derby; on PostgreSQL once the
     *         migration ran, which a shop running its own migrations may not have done yet
     */
    public boolean keepsDailyCounts(Connection c) throws SQLException {
        if (this != POSTGRESQL) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('mc_daily_count') IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    public abstract void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException;

    /** Makes lock waits end within {@code seconds}, where the query timeout alone does not. */
    public void boundLockWaits(Connection c, int seconds) throws SQLException {
        // PostgreSQL cancels a statement waiting for a lock when its query timeout fires
    }

    public Instant getInstant(ResultSet rs, String column) throws SQLException {
        return getInstant(rs, rs.findColumn(column));
    }

    /** The instant {@link #setInstant} stored (Derby: as UTC wall-clock time), by column number. */
    public Instant getInstant(ResultSet rs, int column) throws SQLException {
        if (this == POSTGRESQL) {
            return rs.getObject(column, OffsetDateTime.class).toInstant();
        }
        return rs.getTimestamp(column, Calendar.getInstance(TimeZone.getTimeZone("UTC"))).toInstant();
    }

    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("derby")) {
            return DERBY;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new SQLException("Unsupported database '" + product + "': Apache Derby and PostgreSQL are supported");
    }
}
