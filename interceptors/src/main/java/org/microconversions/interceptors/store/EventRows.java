package org.microconversions.interceptors.store;

import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.jdbc.Statements;
import org.microconversions.interceptors.json.JsonWriter;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes a chunk of conversions as rows of {@code mc_event}, in the caller's transaction.
 *
 * <p>Derby takes a JDBC batch of the one-row {@code INSERT}. PostgreSQL takes one
 * {@code INSERT ... SELECT FROM unnest(...)} with one text array per column: pgjdbc then encodes
 * fifteen arrays instead of binding fifteen parameters on every row, which took the drain about
 * 3 µs of CPU per row, and the server parses one statement whatever the chunk's size
 * (docs/performance.md). The text is converted by the insert's assignment casts, as a bound
 * parameter is: an over-long value still fails with 22001, never truncated, and any refused row
 * fails the statement, which the store then splits as it splits a batch.
 */
final class EventRows {

    /** The columns stored typed on Derby, by their place in {@link Dialect#insertSql()} (from 0). */
    private static final int OCCURRED_AT = 3;
    private static final int VALUE = 11;

    private EventRows() {
    }

    static void insert(Connection c, Dialect d, List<MicroConversionEvent> chunk, int timeout) throws SQLException {
        if (d == Dialect.POSTGRESQL) {
            insertArrays(c, chunk, timeout);
        } else {
            insertBatch(c, d, chunk, timeout);
        }
    }

    private static void insertBatch(Connection c, Dialect d, List<MicroConversionEvent> chunk, int timeout)
            throws SQLException {
        try (PreparedStatement ps = Statements.prepare(c, d.insertSql(), timeout)) {
            for (MicroConversionEvent e : chunk) {
                bind(ps, d, e);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertArrays(Connection c, List<MicroConversionEvent> chunk, int timeout)
            throws SQLException {
        String[][] columns = new String[Dialect.COLUMN_COUNT][chunk.size()];
        for (int row = 0; row < chunk.size(); row++) {
            MicroConversionEvent e = chunk.get(row);
            for (int column = 0; column < columns.length; column++) {
                columns[column][row] = text(e, column);
            }
        }
        Array[] arrays = new Array[columns.length];
        try (PreparedStatement ps = Statements.prepare(c, Dialect.POSTGRESQL.arrayInsertSql(), timeout)) {
            for (int i = 0; i < columns.length; i++) {
                arrays[i] = c.createArrayOf("text", columns[i]);
                ps.setArray(i + 1, arrays[i]);
            }
            ps.executeUpdate();
        } finally {
            for (Array a : arrays) {
                if (a != null) {
                    a.free();
                }
            }
        }
    }

    /** Derby's row: the time and the value typed, every other column as {@link #text}. */
    private static void bind(PreparedStatement ps, Dialect d, MicroConversionEvent e) throws SQLException {
        for (int column = 0; column < Dialect.COLUMN_COUNT; column++) {
            if (column == OCCURRED_AT) {
                d.setInstant(ps, column + 1, e.timestamp());
            } else if (column == VALUE) {
                if (e.value() == null) {
                    ps.setNull(column + 1, Types.DECIMAL);
                } else {
                    ps.setBigDecimal(column + 1, e.value());
                }
            } else {
                ps.setString(column + 1, text(e, column));
            }
        }
    }

    /** @return column {@code column} (from 0, in {@link Dialect#insertSql()}'s order) as text, or null */
    static String text(MicroConversionEvent e, int column) {
        Channel ch = e.channel();
        return switch (column) {
            case 0 -> e.id().toString();
            case 1 -> e.name();
            case 2 -> e.kind().label();
            case OCCURRED_AT -> timestampText(e.timestamp());
            case 4 -> e.visitorId();
            case 5 -> e.sessionId();
            case 6 -> e.userId();
            case 7 -> ch == null ? null : ch.source();
            case 8 -> ch == null ? null : ch.medium();
            case 9 -> ch == null ? null : ch.campaign();
            case 10 -> JsonWriter.objectOrNull(e.variants());
            case VALUE -> e.value() == null ? null : e.value().toPlainString();
            case 12 -> e.currency();
            case 13 -> JsonWriter.objectOrNull(e.attributes());
            case 14 -> e.origin();
            default -> throw new IllegalArgumentException("no column " + column);
        };
    }

    /**
     * The instant as {@code yyyy-MM-ddTHH:mm:ss.ffffffZ}, in microseconds rounded half up as pgjdbc
     * rounds a bound timestamp. Written digit by digit: a {@code DateTimeFormatter} took the drain
     * about 1 µs per row (years 1 to 9999 are all the event API admits).
     */
    static String timestampText(Instant t) {
        LocalDateTime at = LocalDateTime.ofInstant(t.plusNanos(500).truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        char[] c = "0000-00-00T00:00:00.000000Z".toCharArray();
        digits(c, 0, 4, at.getYear());
        digits(c, 5, 2, at.getMonthValue());
        digits(c, 8, 2, at.getDayOfMonth());
        digits(c, 11, 2, at.getHour());
        digits(c, 14, 2, at.getMinute());
        digits(c, 17, 2, at.getSecond());
        digits(c, 20, 6, at.getNano() / 1000);
        return new String(c);
    }

    private static void digits(char[] c, int at, int width, int n) {
        for (int i = at + width - 1; i >= at; i--, n /= 10) {
            c[i] = (char) ('0' + n % 10);
        }
    }
}
