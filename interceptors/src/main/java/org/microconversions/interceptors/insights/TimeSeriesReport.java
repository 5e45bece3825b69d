package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.jdbc.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conversions per UTC day and name: all conversions, with or without a visitor. Whole UTC days on
 * PostgreSQL are read from the daily count ledger its V9 keeps; any other range, and Derby, count
 * {@code mc_event}.
 *
 * @param db the store, as reports read it
 */
record TimeSeriesReport(ReportDatabase db) {

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /**
     * @param name   one name, or null for all
     * @param filter which conversions count
     * @return points by day then name
     * @throws SQLException if the database fails
     */
    List<Reports.Point> run(String name, EventFilter filter) throws SQLException {
        try (Connection c = db.connect()) {
            return wholeDays(filter) && db.keepsDailyCounts(c)
                    ? fromLedger(c, name, filter)
                    : fromEvents(c, name, filter);
        }
    }

    private List<Reports.Point> fromEvents(Connection c, String name, EventFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        String nameCond = "";
        if (name != null) {
            nameCond = " AND x.name = ?";
            params.add(name);
        }
        String where = " FROM mc_event x WHERE 1 = 1" + nameCond + ReportDatabase.conditions("x", filter, params);
        if (db.dialect() == Dialect.DERBY) {
            // Derby sorts on disk for the GROUP BY (10 s at 1 M conversions): count here in one pass instead
            Map<String, Map<String, long[]>> days = new TreeMap<>();
            db.stream(c, "SELECT " + db.time("x.occurred_at") + ", x.name" + where, params, rs -> {
                String day = LocalDate.ofEpochDay(Math.floorDiv(db.micros(rs, 1), MICROS_PER_DAY)).toString();
                days.computeIfAbsent(day, d -> new TreeMap<>()).computeIfAbsent(rs.getString(2), n -> new long[1])[0]++;
            });
            List<Reports.Point> out = new ArrayList<>();
            days.forEach((day, names) -> names.forEach((n, count) -> out.add(new Reports.Point(day, n, count[0]))));
            return out;
        }
        String sql = "SELECT t.d, t.name, COUNT(*) FROM (SELECT " + db.day("x.occurred_at") + " AS d, x.name" + where
                + ") t GROUP BY t.d, t.name ORDER BY t.d, t.name";
        return points(c, sql, params);
    }

    /** @return whether the filter asks for whole UTC days only, which the ledger counts */
    static boolean wholeDays(EventFilter f) {
        return startOfDay(f.from()) && startOfDay(f.to()) && f.source() == null && f.medium() == null
                && f.campaign() == null && f.experiment() == null && f.variant() == null;
    }

    private static boolean startOfDay(Instant t) {
        return t == null || t.equals(t.truncatedTo(ChronoUnit.DAYS)); // Instant's days are UTC days
    }

    /**
     * The same points from PostgreSQL's ledger ({@code mc_daily_count}, V9): each day and name's
     * rows summed, whether or not the store has folded them yet.
     */
    private List<Reports.Point> fromLedger(Connection c, String name, EventFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT l.day, l.name, SUM(l.n) FROM mc_daily_count l WHERE 1 = 1");
        if (name != null) {
            sql.append(" AND l.name = ?");
            params.add(name);
        }
        if (filter.from() != null) {
            sql.append(" AND l.day >= CAST(? AS DATE)");
            params.add(LocalDate.ofInstant(filter.from(), ZoneOffset.UTC).toString());
        }
        if (filter.to() != null) {
            sql.append(" AND l.day < CAST(? AS DATE)");
            params.add(LocalDate.ofInstant(filter.to(), ZoneOffset.UTC).toString());
        }
        sql.append(" GROUP BY l.day, l.name HAVING SUM(l.n) <> 0 ORDER BY l.day, l.name");
        return points(c, sql.toString(), params);
    }

    /** @return a point for each row of day, name and count */
    private List<Reports.Point> points(Connection c, String sql, List<Object> params) throws SQLException {
        List<Reports.Point> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Reports.Point(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return out;
    }
}
