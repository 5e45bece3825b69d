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
        List<ExperimentAnalysis.Visitor> visitors;
        long[] pre = null;
        try (Connection c = db.connect()) {
            visitors = exposed(c, experiment, goal, guard, filter);
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
     * The visitors exposed to each variant: their entry (first conversion carrying the variant, or
     * first exposure conversion carrying it) and whether a goal and a guardrail conversion carrying
     * it came at or after the entry. One pass over the conversions that carry the experiment, in
     * any order, sorted out per variant and visitor here (Derby took 24 s at 1 M conversions for
     * one grouped query per variant).
     */
    private List<ExperimentAnalysis.Visitor> exposed(Connection c, ExperimentDefinition e, String goal,
            String guardrail, EventFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        EventFilter f = new EventFilter(filter.from(), filter.to(), filter.source(), filter.medium(),
                filter.campaign(), null, null);
        String names = "";
        if (e.exposure() != null) {
            names = " AND x.name IN (?, ?, ?)";
            params.addAll(List.of(e.exposure(), goal, guardrail));
        }
        String sql = "SELECT x.visitor_id, x.name, " + db.time("x.occurred_at") + ", x.variants FROM mc_event x"
                + " WHERE 1 = 1" + names + ReportDatabase.visitors("x", f, params)
                + ReportDatabase.carrying("x", e.id(), params);
        List<ExperimentDefinition.Variant> variants = e.variants();
        List<Map<String, Exposure>> byVariant = new ArrayList<>();
        String[] tags = new String[variants.size()];
        for (int i = 0; i < tags.length; i++) {
            byVariant.add(new HashMap<>());
            tags[i] = ReportDatabase.variantTag(e.id(), variants.get(i).name());
        }
        db.stream(c, sql, params, rs -> {
            String variantsText = rs.getString(4);
            for (int i = 0; i < tags.length; i++) {
                if (variantsText.contains(tags[i])) {
                    byVariant.get(i).computeIfAbsent(rs.getString(1), id -> new Exposure())
                            .add(e.exposure(), rs.getString(2), db.micros(rs, 3), goal, guardrail);
                }
            }
        });
        List<ExperimentAnalysis.Visitor> out = new ArrayList<>();
        for (int i = 0; i < tags.length; i++) {
            for (Map.Entry<String, Exposure> v : byVariant.get(i).entrySet()) {
                Exposure x = v.getValue();
                if (x.entry != Long.MAX_VALUE) {
                    out.add(new ExperimentAnalysis.Visitor(v.getKey(), i, x.entry, x.goal >= x.entry,
                            x.guardrail >= x.entry, 0));
                }
            }
        }
        return out;
    }

    /** One visitor in one variant: entry time, and the last goal and guardrail conversions. */
    private static final class Exposure {
        long entry = Long.MAX_VALUE;
        long goal = Long.MIN_VALUE;
        long guardrail = Long.MIN_VALUE;

        void add(String exposure, String name, long at, String goalName, String guardrailName) {
            if (exposure == null || exposure.equals(name)) {
                entry = Math.min(entry, at);
            }
            if (name.equals(goalName)) {
                goal = Math.max(goal, at);
            }
            if (name.equals(guardrailName)) {
                guardrail = Math.max(guardrail, at);
            }
        }
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
