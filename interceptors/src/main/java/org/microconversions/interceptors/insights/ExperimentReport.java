package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Per variant: the exposed visitors (entered at their first conversion carrying the variant, or
 * their first exposure conversion when the experiment names one), those of them with the goal
 * conversion carrying it from their entry on, and the comparison with the control (the first
 * variant), which {@link ExperimentAnalysis} computes over the visitors read here. Several goals
 * share one read: the visitors and their entries are the same for every goal, only the goal
 * conversions differ.
 *
 * @param db the store, as reports read it
 */
record ExperimentReport(ReportDatabase db) {

    /** Entry order, as {@link ExperimentAnalysis#ENTRY_ORDER}: sorted once here, each goal's analysis finds it sorted. */
    private static final Comparator<Entered> ENTRY_ORDER = Comparator.comparingLong(Entered::entry)
            .thenComparing(Entered::id);

    /**
     * @param experiment the experiment
     * @param goal       goal conversion name
     * @param guardrail  guardrail conversion name, or null for none; left out when it is the goal
     * @param filter     which conversions count (its experiment and variant are replaced)
     * @return rows, control first
     * @throws SQLException if the database fails
     */
    Reports.Experiment run(ExperimentDefinition experiment, String goal, String guardrail, EventFilter filter)
            throws SQLException {
        return run(experiment, List.of(goal), guardrail, filter).get(0);
    }

    /**
     * The report of each goal from one read of the experiment's conversions (and one of the CUPED
     * pre-period): the page asks for three goals, which cost three reads one by one.
     *
     * @param experiment the experiment
     * @param goals      distinct goal conversion names
     * @param guardrail  guardrail conversion name of every goal but itself, or null for none
     * @param filter     which conversions count (its experiment and variant are replaced)
     * @return one report per goal, in the order of {@code goals}
     * @throws SQLException if the database fails
     */
    List<Reports.Experiment> run(ExperimentDefinition experiment, List<String> goals, String guardrail,
            EventFilter filter) throws SQLException {
        List<String> tracked = new ArrayList<>(new LinkedHashSet<>(goals));
        if (tracked.size() != goals.size()) {
            throw new IllegalArgumentException("goals repeat: " + goals);
        }
        if (guardrail != null && !tracked.contains(guardrail)) {
            tracked.add(guardrail);
        }
        List<Entered> entered;
        long[][] pre = null;
        try (Connection c = db.connect()) {
            entered = exposed(c, experiment, tracked, filter);
            if (experiment.cupedPrePeriod() != null && !entered.isEmpty()) {
                pre = countPrePeriod(c, experiment, goals, entered);
            }
        }
        List<Reports.Experiment> reports = new ArrayList<>(goals.size());
        for (int g = 0; g < goals.size(); g++) {
            String goal = goals.get(g);
            String guard = guardrail == null || guardrail.equals(goal) ? null : guardrail;
            int guardAt = guard == null ? g : tracked.indexOf(guard);
            List<ExperimentAnalysis.Visitor> visitors = new ArrayList<>(entered.size());
            for (int k = 0; k < entered.size(); k++) {
                Entered v = entered.get(k);
                visitors.add(new ExperimentAnalysis.Visitor(v.id(), v.variant(), v.entry(),
                        v.last()[g] >= v.entry(), v.last()[guardAt] >= v.entry(), pre == null ? 0 : pre[g][k]));
            }
            reports.add(ExperimentAnalysis.analyse(experiment, goal, guard, visitors));
        }
        return reports;
    }

    /**
     * One exposed visitor in one variant.
     *
     * @param last per tracked name, the time of their last conversion of it carrying the variant
     */
    private record Entered(String id, int variant, long entry, long[] last) {
    }

    /**
     * The visitors exposed to each variant, in entry order: their entry (first conversion carrying
     * the variant, or first exposure conversion carrying it) and their last conversion of each
     * tracked name carrying it. One pass over the conversions that carry the experiment, in any
     * order, sorted out per variant and visitor here (Derby took 24 s at 1 M conversions for one
     * grouped query per variant).
     */
    private List<Entered> exposed(Connection c, ExperimentDefinition e, List<String> tracked, EventFilter filter)
            throws SQLException {
        List<Object> params = new ArrayList<>();
        EventFilter f = new EventFilter(filter.from(), filter.to(), filter.source(), filter.medium(),
                filter.campaign(), null, null);
        String names = "";
        if (e.exposure() != null) {
            names = " AND x.name IN (?" + ", ?".repeat(tracked.size()) + ")";
            params.add(e.exposure());
            params.addAll(tracked);
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
        int n = tracked.size();
        db.stream(c, sql, params, rs -> {
            String variantsText = rs.getString(4);
            String name = rs.getString(2);
            boolean exposes = e.exposure() == null || e.exposure().equals(name);
            int at = tracked.indexOf(name);
            for (int i = 0; i < tags.length; i++) {
                if (variantsText.contains(tags[i])) {
                    byVariant.get(i).computeIfAbsent(rs.getString(1), id -> new Exposure(n))
                            .add(exposes, at, db.micros(rs, 3));
                }
            }
        });
        List<Entered> out = new ArrayList<>();
        for (int i = 0; i < tags.length; i++) {
            for (Map.Entry<String, Exposure> v : byVariant.get(i).entrySet()) {
                Exposure x = v.getValue();
                if (x.entry != Long.MAX_VALUE) {
                    out.add(new Entered(v.getKey(), i, x.entry, x.last));
                }
            }
        }
        out.sort(ENTRY_ORDER);
        return out;
    }

    /** One visitor in one variant while the pass runs: entry time, and the last conversion of each tracked name. */
    private static final class Exposure {
        long entry = Long.MAX_VALUE;
        final long[] last;

        Exposure(int names) {
            last = new long[names];
            Arrays.fill(last, Long.MIN_VALUE);
        }

        void add(boolean exposes, int name, long at) {
            if (exposes) {
                entry = Math.min(entry, at);
            }
            if (name >= 0) {
                last[name] = Math.max(last[name], at);
            }
        }
    }

    /**
     * CUPED's covariate: each exposed visitor's conversions of each goal in [entry - pre-period,
     * entry), whatever their variants and the report's range. One scan of the goals' conversions in
     * the window that spans every visitor's, counted here per goal and visitor.
     *
     * @return the count per goal, then per visitor in the order of {@code visitors}
     */
    private long[][] countPrePeriod(Connection c, ExperimentDefinition e, List<String> goals, List<Entered> visitors)
            throws SQLException {
        long preMicros = e.cupedPrePeriod().getSeconds() * 1_000_000L;
        Map<String, List<Integer>> byVisitor = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int k = 0; k < visitors.size(); k++) {
            Entered v = visitors.get(k);
            byVisitor.computeIfAbsent(v.id(), id -> new ArrayList<>(1)).add(k);
            first = Math.min(first, v.entry());
            last = Math.max(last, v.entry());
        }
        long[][] pre = new long[goals.size()][visitors.size()];
        List<Object> params = new ArrayList<>(goals);
        params.add(instant(first - preMicros));
        params.add(instant(last));
        String sql = "SELECT x.visitor_id, x.name, " + db.time("x.occurred_at") + " FROM mc_event x"
                + " WHERE x.name IN (?" + ", ?".repeat(goals.size() - 1) + ")"
                + " AND x.visitor_id IS NOT NULL AND x.occurred_at >= ? AND x.occurred_at < ?";
        db.stream(c, sql, params, rs -> {
            List<Integer> mine = byVisitor.get(rs.getString(1));
            if (mine == null) {
                return;
            }
            long[] counts = pre[goals.indexOf(rs.getString(2))];
            long at = db.micros(rs, 3);
            for (int k : mine) {
                long entry = visitors.get(k).entry();
                if (at < entry && at >= entry - preMicros) {
                    counts[k]++;
                }
            }
        });
        return pre;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
