package org.microconversions.interceptors.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/** What differs between the databases we support. */
enum Dialect {
    DERBY("derby", false) {
        @Override
        void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
            // Derby has no time zone type: store UTC wall-clock time.
            ps.setTimestamp(index, Timestamp.from(instant), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
        }
    },
    POSTGRESQL("postgresql", true) {
        @Override
        void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
            ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    };

    static final String COLUMNS = "id, name, kind, occurred_at, visitor_id, session_id, user_id, source, medium,"
            + " campaign, variants, value, currency, attributes, origin";

    private final String vendor;
    private final boolean upsert;

    Dialect(String vendor, boolean upsert) {
        this.vendor = vendor;
        this.upsert = upsert;
    }

    /** @return the Flyway migrations folder name */
    String vendor() {
        return vendor;
    }

    /** @return the insert statement; it ignores existing ids where the database can say so */
    String insertSql() {
        String sql = "INSERT INTO mc_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        return upsert ? sql + " ON CONFLICT (id) DO NOTHING" : sql;
    }

    /** @return whether {@link #insertSql()} already ignores duplicate ids */
    boolean ignoresDuplicates() {
        return upsert;
    }

    abstract void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException;

    Instant getInstant(java.sql.ResultSet rs, String column) throws SQLException {
        if (this == POSTGRESQL) {
            return rs.getObject(column, OffsetDateTime.class).toInstant();
        }
        return rs.getTimestamp(column, Calendar.getInstance(TimeZone.getTimeZone("UTC"))).toInstant();
    }

    static Dialect of(Connection connection) throws SQLException {
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
