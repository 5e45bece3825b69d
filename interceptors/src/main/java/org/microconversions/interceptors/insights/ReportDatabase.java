package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.jdbc.Statements;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every report shares: the store's data source and its {@link Dialect} (the one place that
 * tells Derby from PostgreSQL), statements with {@code microconversions.insights.timeout}, and the
 * SQL of an {@link EventFilter}. Reports ask it for SQL fragments and bind through it, so none of
 * them branches on the database itself.
 */
final class ReportDatabase {

    /** One row of a streamed result. */
    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private final Supplier<DataSource> dataSource;
    private final int timeoutSeconds;
    private volatile Dialect dialect;
    private volatile boolean dailyCounts;

    /**
     * @param dataSource     the store's data source, looked up when a report first runs
     * @param timeoutSeconds JDBC query timeout of every report statement
     */
    ReportDatabase(Supplier<DataSource> dataSource, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** @return the store's dialect, asked of the database once */
    Dialect dialect() throws SQLException {
        Dialect d = dialect;
        if (d == null) {
            try (Connection c = connect()) {
                d = Dialect.of(c);
            }
            dialect = d;
        }
        return d;
    }

    /**
     * @return whether the store keeps the ledger of conversions per UTC day and name; asked until
     *         it does (a shop's own migrations may reach V9 while this server runs)
     */
    boolean keepsDailyCounts(Connection c) throws SQLException {
        if (!dailyCounts) {
            dailyCounts = dialect().keepsDailyCounts(c);
        }
        return dailyCounts;
    }

    /**
     * A connection for reports: read committed, whatever the server's default. Application servers
     * often default to repeatable read, under which a report over embedded Derby would lock every
     * row it reads while the pipeline keeps inserting.
     */
    Connection connect() throws SQLException {
        Connection c = dataSource.get().getConnection();
        try {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** @return the statement with the insights timeout and its parameters (strings and instants) bound */
    PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = Statements.prepare(c, sql, timeoutSeconds);
        try {
            Dialect d = dialect();
            for (int i = 0; i < params.size(); i++) {
                if (params.get(i) instanceof Instant at) {
                    d.setInstant(ps, i + 1, at);
                } else {
                    ps.setString(i + 1, (String) params.get(i));
                }
            }
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
        return ps;
    }

    /**
     * Streams a large result row by row, holding one fetch in memory. PostgreSQL streams with a
     * fetch size only inside a transaction, so there the read runs in one (read only, rolled back).
     */
    void stream(Connection c, String sql, List<Object> params, Row row) throws SQLException {
        boolean transaction = dialect() == Dialect.POSTGRESQL && c.getAutoCommit();
        if (transaction) {
            c.setAutoCommit(false);
        }
        try (PreparedStatement ps = prepare(c, sql, params)) {
            ps.setFetchSize(20_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } finally {
            if (transaction) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** @return SQL reading {@code column} (a timestamp) so that {@link #micros(ResultSet, int)} can read it */
    String time(String column) throws SQLException {
        return dialect() == Dialect.POSTGRESQL
                ? "CAST(EXTRACT(EPOCH FROM " + column + ") * 1000000 AS BIGINT)"
                : column;
    }

    /** @return microseconds since the epoch of a column selected with {@link #time(String)} */
    long micros(ResultSet rs, int column) throws SQLException {
        if (dialect() == Dialect.POSTGRESQL) {
            return rs.getLong(column);
        }
        Instant t = dialect().getInstant(rs, column); // Derby: the UTC wall-clock time it was stored as
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** @return SQL of the UTC day of {@code column} */
    String day(String column) throws SQLException {
        return dialect() == Dialect.POSTGRESQL
                ? "CAST(" + column + " AT TIME ZONE 'UTC' AS DATE)"
                : "CAST(" + column + " AS DATE)";
    }

    /** @return the filter's conditions on conversions with a visitor, each starting with {@code AND} */
    static String visitors(String alias, EventFilter f, List<Object> params) {
        return " AND " + alias + ".visitor_id IS NOT NULL" + conditions(alias, f, params);
    }

    /** @return the filter's conditions, each starting with {@code AND}; their values appended to params */
    static String conditions(String alias, EventFilter f, List<Object> params) {
        StringBuilder sb = new StringBuilder();
        condition(sb, alias + ".occurred_at >= ?", f.from(), params);
        condition(sb, alias + ".occurred_at < ?", f.to(), params);
        condition(sb, alias + ".source = ?", f.source(), params);
        condition(sb, alias + ".medium = ?", f.medium(), params);
        condition(sb, alias + ".campaign = ?", f.campaign(), params);
        if (f.experiment() != null && f.variant() != null) {
            condition(sb, alias + ".variants LIKE ? ESCAPE '!'", "%" + like(variantTag(f.experiment(), f.variant()))
                    + "%", params);
        }
        return sb.toString();
    }

    /** @return the condition that a conversion carries some variant of the experiment, starting with {@code AND} */
    static String carrying(String alias, String experiment, List<Object> params) {
        params.add("%" + like("\"" + experiment + "\":\"") + "%");
        return " AND " + alias + ".variants LIKE ? ESCAPE '!'";
    }

    /** @return the text a conversion's {@code variants} JSON contains when it carries the variant */
    static String variantTag(String experiment, String variant) {
        return "\"" + experiment + "\":\"" + variant + "\"";
    }

    private static void condition(StringBuilder sb, String sql, Object value, List<Object> params) {
        if (value != null) {
            sb.append(" AND ").append(sql);
            params.add(value);
        }
    }

    private static String like(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
