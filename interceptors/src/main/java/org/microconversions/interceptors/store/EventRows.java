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
            Channel ch = e.channel();
            columns[0][row] = e.id().toString();
            columns[1][row] = e.name();
            columns[2][row] = e.kind().label();
            columns[3][row] = timestampText(e.timestamp());
            columns[4][row] = e.visitorId();
            columns[5][row] = e.sessionId();
            columns[6][row] = e.userId();
            columns[7][row] = ch == null ? null : ch.source();
            columns[8][row] = ch == null ? null : ch.medium();
            columns[9][row] = ch == null ? null : ch.campaign();
            columns[10][row] = JsonWriter.objectOrNull(e.variants());
            columns[11][row] = e.value() == null ? null : e.value().toPlainString();
            columns[12][row] = e.currency();
            columns[13][row] = JsonWriter.objectOrNull(e.attributes());
            columns[14][row] = e.origin();
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

    private static void bind(PreparedStatement ps, Dialect d, MicroConversionEvent e) throws SQLException {
        Channel ch = e.channel();
        ps.setString(1, e.id().toString());
        ps.setString(2, e.name());
        ps.setString(3, e.kind().label());
        d.setInstant(ps, 4, e.timestamp());
        ps.setString(5, e.visitorId());
        ps.setString(6, e.sessionId());
        ps.setString(7, e.userId());
        ps.setString(8, ch == null ? null : ch.source());
        ps.setString(9, ch == null ? null : ch.medium());
        ps.setString(10, ch == null ? null : ch.campaign());
        ps.setString(11, JsonWriter.objectOrNull(e.variants()));
        if (e.value() == null) {
            ps.setNull(12, Types.DECIMAL);
        } else {
            ps.setBigDecimal(12, e.value());
        }
        ps.setString(13, e.currency());
        ps.setString(14, JsonWriter.objectOrNull(e.attributes()));
        ps.setString(15, e.origin());
    }
}
