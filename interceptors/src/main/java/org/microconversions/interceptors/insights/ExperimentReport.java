package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per variant: the exposed visitors (entered at their first conversion carrying the variant, or
 * their first exposure conversion when the experiment names one), those of them with the goal
 * conversion carrying it from their entry on, and the comparison with the control (the first
 * variant), which {@link ExperimentAnalysis} computes over the visitors read here.
 *
 * @param db the store, as reports read it
 */
record ExperimentReport(ReportDatabase db) {

    /**
     * @param experiment the experiment
     * @param goal       goal conversion name
     * @param guardrail  guardrail conversion name, or null for none
     * @param filter     which conversions count (its experiment and variant are replaced)
     * @return rows, control first
     * @throws SQLException if the database fails
     */
    Reports.Experiment run(ExperimentDefinition experiment, String goal, String guardrail, EventFilter filter)
            throws SQLException {
        String guard = guardrail == null ? goal : guardrail;
        List<ExperimentAnalysis.Visitor> visitors = new ArrayList<>();
        long[] pre = null;
        try (Connection c = db.connect()) {
            List<ExperimentDefinition.Variant> variants = experiment.variants();
            for (int i = 0; i < variants.size(); i++) {
                int variant = i;
                List<Object> params = new ArrayList<>();
                String sql = exposedSql(experiment, variants.get(i).name(), goal, guard, filter, params);
                db.stream(c, sql, params, rs -> visitors.add(new ExperimentAnalysis.Visitor(rs.getString(1), variant,
                        db.micros(rs, 2), rs.getInt(3) == 1, rs.getInt(4) == 1, 0)));
            }
            if (experiment.cupedPrePeriod() != null && !visitors.isEmpty()) {
                pre = countPrePeriod(c, experiment, goal, visitors);
            }
        }
        if (pre != null) {
            for (int k = 0; k < visitors.size(); k++) {
                ExperimentAnalysis.Visitor v = visitors.get(k);
                visitors.set(k, new ExperimentAnalysis.Visitor(v.id(), v.variant(), v.entry(), v.goal(),
                        v.guardrail(), pre[k]));
            }
        }
        return ExperimentAnalysis.analyse(experiment, goal, guardrail, visitors);
    }

    /**
     * One row per visitor exposed to the variant: id, entry time, and whether they had the goal and
     * the guardrail conversion (0/1) carrying the variant at or after their entry. One grouped pass
     * over the variant's conversions, no join (a self-join took minutes on Derby at 20,000
     * conversions).
     */
    private String exposedSql(ExperimentDefinition e, String variant, String goal, String guardrail,
            EventFilter filter, List<Object> params) throws SQLException {
        EventFilter f = filter.withVariant(e.id(), variant);
        String time = db.time("q.t0");
        if (e.exposure() == null) {
            // entry at the first conversion carrying the variant: every goal carrying it is at or after it
            params.add(goal);
            params.add(guardrail);
            return "SELECT q.visitor_id, " + time + ", q.g, q.m FROM (SELECT x.visitor_id, MIN(x.occurred_at) AS t0,"
                    + " MAX(CASE WHEN x.name = ? THEN 1 ELSE 0 END) AS g,"
                    + " MAX(CASE WHEN x.name = ? THEN 1 ELSE 0 END) AS m FROM mc_event x WHERE 1 = 1"
                    + ReportDatabase.visitors("x", f, params) + " GROUP BY x.visitor_id) q";
        }
        // entry at the first exposure; a goal counts when its last conversion is at or after the entry
        params.addAll(List.of(e.exposure(), goal, guardrail, e.exposure(), goal, guardrail));
        return "SELECT q.visitor_id, " + time + ", CASE WHEN q.gl >= q.t0 THEN 1 ELSE 0 END,"
                + " CASE WHEN q.ml >= q.t0 THEN 1 ELSE 0 END FROM (SELECT x.visitor_id,"
                + " MIN(CASE WHEN x.name = ? THEN x.occurred_at END) AS t0,"
                + " MAX(CASE WHEN x.name = ? THEN x.occurred_at END) AS gl,"
                + " MAX(CASE WHEN x.name = ? THEN x.occurred_at END) AS ml"
                + " FROM mc_event x WHERE x.name IN (?, ?, ?)" + ReportDatabase.visitors("x", f, params)
                + " GROUP BY x.visitor_id) q WHERE q.t0 IS NOT NULL";
    }

    /**
     * CUPED's covariate: each exposed visitor's goal conversions in [entry - pre-period, entry),
     * whatever their variants and the report's range. One scan of the goal's conversions in the
     * window that spans every visitor's, counted here per visitor.
     *
     * @return the count per visitor, in the order of {@code visitors}
     */
    private long[] countPrePeriod(Connection c, ExperimentDefinition e, String goal,
            List<ExperimentAnalysis.Visitor> visitors) throws SQLException {
        long preMicros = e.cupedPrePeriod().getSeconds() * 1_000_000L;
        Map<String, List<Integer>> byVisitor = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int k = 0; k < visitors.size(); k++) {
            ExperimentAnalysis.Visitor v = visitors.get(k);
            byVisitor.computeIfAbsent(v.id(), id -> new ArrayList<>(1)).add(k);
            first = Math.min(first, v.entry());
            last = Math.max(last, v.entry());
        }
        long[] pre = new long[visitors.size()];
        List<Object> params = new ArrayList<>(List.of(goal, instant(first - preMicros), instant(last)));
        String sql = "SELECT x.visitor_id, " + db.time("x.occurred_at") + " FROM mc_event x WHERE x.name = ?"
                + " AND x.visitor_id IS NOT NULL AND x.occurred_at >= ? AND x.occurred_at < ?";
        db.stream(c, sql, params, rs -> {
            List<Integer> mine = byVisitor.get(rs.getString(1));
            if (mine == null) {
                return;
            }
            long at = db.micros(rs, 2);
            for (int k : mine) {
                long entry = visitors.get(k).entry();
                if (at < entry && at >= entry - preMicros) {
                    pre[k]++;
                }
            }
        });
        return pre;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
