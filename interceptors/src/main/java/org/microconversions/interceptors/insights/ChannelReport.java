package org.microconversions.interceptors.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per source, medium and campaign of the conversions: distinct visitors, micro conversions per
 * visitor, and the share of those visitors with a macro conversion from the same channel.
 *
 * @param db the store, as reports read it
 */
record ChannelReport(ReportDatabase db) {

    private static final Comparator<String> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());
    private static final Comparator<Reports.Channel> ORDER = Comparator.comparingLong(Reports.Channel::visitors)
            .reversed().thenComparing(Reports.Channel::source, NULLS_LAST)
            .thenComparing(Reports.Channel::medium, NULLS_LAST).thenComparing(Reports.Channel::campaign, NULLS_LAST);

    /**
     * @param filter which conversions count
     * @return channels, most visitors first
     * @throws SQLException if the database fails
     */
    List<Reports.Channel> run(EventFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT t.source, t.medium, t.campaign, COUNT(*), SUM(t.micro), SUM(t.macro) FROM"
                + " (SELECT x.source, x.medium, x.campaign, x.visitor_id,"
                + " SUM(CASE WHEN x.kind = 'micro' THEN 1 ELSE 0 END) AS micro,"
                + " MAX(CASE WHEN x.kind = 'macro' THEN 1 ELSE 0 END) AS macro"
                + " FROM mc_event x WHERE 1 = 1" + ReportDatabase.visitors("x", filter, params)
                + " GROUP BY x.source, x.medium, x.campaign, x.visitor_id) t GROUP BY t.source, t.medium, t.campaign";
        List<Reports.Channel> out = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = db.prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Reports.Channel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)));
            }
        }
        out.sort(ORDER);
        return out;
    }
}
