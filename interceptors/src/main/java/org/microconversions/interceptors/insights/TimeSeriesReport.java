package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.jdbc.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conversions per UTC day and name: all conversions, with or without a visitor.
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
        List<Object> params = new ArrayList<>();
        String nameCond = "";
        if (name != null) {
            nameCond = " AND x.name = ?";
            params.add(name);
        }
        String where = " FROM mc_event x WHERE 1 = 1" + nameCond + ReportDatabase.conditions("x", filter, params);
        List<Reports.Point> out = new ArrayList<>();
        try (Connection c = db.connect()) {
            if (db.dialect() == Dialect.DERBY) {
                // Derby sorts on disk for the GROUP BY (10 s at 1 M conversions): count here in one pass instead
                Map<String, Map<String, long[]>> days = new TreeMap<>();
                db.stream(c, "SELECT " + db.time("x.occurred_at") + ", x.name" + where, params, rs -> {
                    String day = LocalDate.ofEpochDay(Math.floorDiv(db.micros(rs, 1), MICROS_PER_DAY)).toString();
                    days.computeIfAbsent(day, d -> new TreeMap<>()).computeIfAbsent(rs.getString(2),
                            n -> new long[1])[0]++;
                });
                days.forEach((day, names) -> names.forEach((n, count) -> out.add(new Reports.Point(day, n, count[0]))));
                return out;
            }
            String sql = "SELECT t.d, t.name, COUNT(*) FROM (SELECT " + db.day("x.occurred_at") + " AS d, x.name"
                    + where + ") t GROUP BY t.d, t.name ORDER BY t.d, t.name";
            try (PreparedStatement ps = db.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Reports.Point(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }
}
