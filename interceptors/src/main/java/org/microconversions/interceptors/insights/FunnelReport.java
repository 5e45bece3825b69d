package org.microconversions.interceptors.insights;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One funnel (semantics in docs/insights.md): a visitor enters at their first step-1 conversion
 * (closed) or their first conversion of any step (open); each later step counts at its first
 * conversion at or after the previous step's, within the window from the entry.
 *
 * <p>One ordered pass: the database streams the funnel's conversions (step number and time only),
 * grouped by visitor through the {@code (visitor_id, name, occurred_at)} index, and
 * {@link FunnelPaths} matches each visitor's path as it goes by; memory holds one visitor at a
 * time. Measured faster than the same definition as SQL window aggregates (docs/insights.md).
 *
 * @param db the store, as reports read it
 */
record FunnelReport(ReportDatabase db) {

    /**
     * @param funnel the funnel
     * @param filter which conversions count
     * @return per step counts, rates and median times
     * @throws SQLException if the database fails
     */
    Reports.Funnel run(FunnelDefinition funnel, EventFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = scanSql(funnel, filter, params);
        FunnelPaths paths = new FunnelPaths(funnel);
        String[] current = {null};
        try (Connection c = db.connect()) {
            db.stream(c, sql, params, rs -> {
                String visitor = rs.getString(1);
                if (!visitor.equals(current[0])) {
                    paths.endVisitor();
                    current[0] = visitor;
                }
                paths.add(rs.getInt(2) - 1, db.micros(rs, 3));
            });
        }
        paths.endVisitor();
        return report(funnel, paths);
    }

    /** The funnel's conversions, one row each: visitor, step number (1-based), time; grouped by visitor. */
    private String scanSql(FunnelDefinition funnel, EventFilter filter, List<Object> params) throws SQLException {
        List<String> steps = funnel.steps();
        StringBuilder in = new StringBuilder();
        StringBuilder index = new StringBuilder("CASE");
        for (int k = 0; k < steps.size(); k++) {
            in.append(k == 0 ? "?" : ", ?");
            index.append(" WHEN x.name = ? THEN ").append(k + 1);
        }
        index.append(" END");
        params.addAll(steps); // the CASE comes first in the text
        params.addAll(steps);
        return "SELECT x.visitor_id, " + index + ", " + db.time("x.occurred_at") + " FROM mc_event x WHERE x.name IN ("
                + in + ")" + ReportDatabase.visitors("x", filter, params) + " ORDER BY x.visitor_id";
    }

    private static Reports.Funnel report(FunnelDefinition funnel, FunnelPaths paths) {
        long[] visitors = paths.visitors();
        List<Reports.FunnelStep> out = new ArrayList<>(visitors.length);
        for (int k = 0; k < visitors.length; k++) {
            Double stepRate = k == 0 ? null : Stats.rate(visitors[k], visitors[k - 1]);
            Long dropOff = k == 0 ? null : visitors[k - 1] - visitors[k];
            Double median = k == 0 ? null : median(paths.gaps(k));
            out.add(new Reports.FunnelStep(funnel.steps().get(k), visitors[k], stepRate,
                    Stats.rate(visitors[k], paths.entered()), dropOff, median));
        }
        return new Reports.Funnel(funnel, paths.entered(), out);
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }
}
