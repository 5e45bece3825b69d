package org.microconversions.interceptors.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversions per UTC day and name: all conversions, with or without a visitor.
 *
 * @param db the store, as reports read it
 */
record TimeSeriesReport(ReportDatabase db) {

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
        String sql = "SELECT t.d, t.name, COUNT(*) FROM (SELECT " + db.day("x.occurred_at")
                + " AS d, x.name FROM mc_event x WHERE 1 = 1" + nameCond
                + ReportDatabase.conditions("x", filter, params) + ") t GROUP BY t.d, t.name ORDER BY t.d, t.name";
        List<Reports.Point> out = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = db.prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Reports.Point(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return out;
    }
}
