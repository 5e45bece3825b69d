package org.microconversions.interceptors.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * For each micro conversion name: the macro rate of visitors who did it against visitors who did
 * not (both over the conversions the filter keeps, in any order), the difference and its 95 % Wald
 * interval. An association, not a causal effect.
 *
 * @param db the store, as reports read it
 */
record LiftReport(ReportDatabase db) {

    /**
     * @param macro  the macro conversion name
     * @param filter which conversions count
     * @return rows by name
     * @throws SQLException if the database fails
     */
    Reports.Lift run(String macro, EventFilter filter) throws SQLException {
        List<Object> p1 = new ArrayList<>();
        p1.add(macro);
        String perVisitor = "SELECT x.visitor_id, MAX(CASE WHEN x.name = ? THEN 1 ELSE 0 END) AS m"
                + " FROM mc_event x WHERE 1 = 1" + ReportDatabase.visitors("x", filter, p1) + " GROUP BY x.visitor_id";
        List<Object> p2 = new ArrayList<>();
        p2.add(macro);
        String distinct = "SELECT DISTINCT x.visitor_id, x.name FROM mc_event x WHERE x.kind = 'micro'"
                + " AND x.name <> ?" + ReportDatabase.visitors("x", filter, p2);
        p2.addAll(p1);
        String sql = "SELECT d.name, COUNT(*), SUM(t.m) FROM (" + distinct + ") d JOIN (" + perVisitor
                + ") t ON t.visitor_id = d.visitor_id GROUP BY d.name ORDER BY d.name";
        long total;
        long totalMacro;
        List<Reports.LiftRow> rows = new ArrayList<>();
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = db.prepare(c, "SELECT COUNT(*), SUM(t.m) FROM (" + perVisitor + ") t", p1);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
                totalMacro = rs.getLong(2);
            }
            try (PreparedStatement ps = db.prepare(c, sql, p2); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs.getString(1), rs.getLong(2), rs.getLong(3), total, totalMacro));
                }
            }
        }
        return new Reports.Lift(macro, rows);
    }

    static Reports.LiftRow row(String name, long with, long macroWith, long total, long totalMacro) {
        long without = total - with;
        long macroWithout = totalMacro - macroWith;
        Double rw = Stats.rate(macroWith, with);
        Double rwo = Stats.rate(macroWithout, without);
        Double diff = null;
        Double lo = null;
        Double hi = null;
        if (rw != null && rwo != null) {
            diff = rw - rwo;
            double half = Stats.quantile(0.975) * Math.sqrt(rw * (1 - rw) / with + rwo * (1 - rwo) / without);
            lo = diff - half;
            hi = diff + half;
        }
        return new Reports.LiftRow(name, with, macroWith, without, macroWithout, rw, rwo, diff, lo, hi);
    }
}
