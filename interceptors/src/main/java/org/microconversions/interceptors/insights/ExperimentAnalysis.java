package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An experiment's report from one row per exposed visitor, in plain Java so the simulations run it
 * without a database: the fixed-horizon z-test, the sequential test replayed visitor by visitor in
 * entry order, CUPED, the sample-ratio check and the guardrail. Semantics: docs/insights.md.
 */
final class ExperimentAnalysis {

    /**
     * @param id        visitor id (orders ties of entry)
     * @param variant   index of the variant in the experiment
     * @param entry     when the visitor entered (was first exposed), any monotone unit
     * @param goal      whether they converted on the goal from their entry on
     * @param guardrail whether they converted on the guardrail from their entry on
     * @param pre       the CUPED covariate: their goal conversions in the pre-period before the entry
     */
    record Visitor(String id, int variant, long entry, boolean goal, boolean guardrail, double pre) {
    }

    static final Comparator<Visitor> ENTRY_ORDER = Comparator.comparingLong(Visitor::entry)
            .thenComparing(Visitor::id);

    private ExperimentAnalysis() {
    }

    /**
     * @param e         the experiment
     * @param goal      the goal
     * @param guardrail the guardrail goal, or null for none
     * @param visitors  the exposed visitors, any order
     * @return the report
     */
    static Reports.Experiment analyse(ExperimentDefinition e, String goal, String guardrail, List<Visitor> visitors) {
        List<Visitor> ordered = new ArrayList<>(visitors);
        ordered.sort(ENTRY_ORDER);
        int k = e.variants().size();
        Arm[] totals = new Arm[k];
        for (int i = 0; i < k; i++) {
            totals[i] = new Arm();
        }
        for (Visitor v : ordered) {
            totals[v.variant()].add(v.goal(), v.pre());
        }
        List<Long> counts = new ArrayList<>();
        for (Arm a : totals) {
            counts.add(a.n);
        }
        Reports.SampleRatioCheck srm = SampleRatio.test(e, counts);
        List<Reports.VariantRow> rows = new ArrayList<>();
        Arm control = totals[0];
        Double p1 = Stats.rate(control.converted, control.n);
        for (int i = 0; i < k; i++) {
            Arm arm = totals[i];
            String name = e.variants().get(i).name();
            Double p = Stats.rate(arm.converted, arm.n);
            boolean enough = arm.n >= e.minSample();
            if (i == 0) {
                rows.add(new Reports.VariantRow(name, arm.n, arm.converted, p, null, null, null, null, null, false,
                        enough, null, null, null, null));
                continue;
            }
            Double abs = p != null && p1 != null ? p - p1 : null;
            Double rel = abs != null && p1 != 0 ? abs / p1 : null;
            double[] ci = Stats.differenceInterval(control.converted, control.n, arm.converted, arm.n, e.alpha());
            Double pValue = Stats.pooledPValue(control.converted, control.n, arm.converted, arm.n);
            boolean significant = pValue != null && pValue < e.alpha();
            Replay replay = replay(e, ordered, i, guardrail != null);
            Reports.AlwaysValid sequential = e.sequential() ? always(replay.goal.reading()) : null;
            Reports.Adjusted cuped = e.cupedPrePeriod() == null || arm.n == 0 || control.n == 0
                    ? null
                    : adjusted(Cuped.estimate(control, arm), e.alpha());
            Reports.GuardrailCheck guard = guardrail == null ? null : guardrail(e, guardrail, replay);
            String decision = decision(e, srm, abs, significant, enough && control.n >= e.minSample(), sequential,
                    guard);
            rows.add(new Reports.VariantRow(name, arm.n, arm.converted, p, abs, rel, ci == null ? null : ci[0],
                    ci == null ? null : ci[1], pValue, significant, enough, sequential, cuped, guard, decision));
        }
        return new Reports.Experiment(e, goal, srm, guardrail, rows);
    }

    /** The sequential tests of one variant against the control, on the goal and on the guardrail. */
    private record Replay(Sequential.Monitor goal, Sequential.Monitor guardrail, Arm guardControl, Arm guardVariant) {
    }

    /** Looks after every visitor of the two variants, in entry order, once both have the burn-in. */
    private static Replay replay(ExperimentDefinition e, List<Visitor> ordered, int variant, boolean withGuardrail) {
        Arm c = new Arm();
        Arm v = new Arm();
        Arm gc = new Arm();
        Arm gv = new Arm();
        Sequential.Monitor goal = new Sequential.Monitor(e.tau(), e.alpha());
        Sequential.Monitor guard = new Sequential.Monitor(e.tau(), e.alpha());
        for (Visitor x : ordered) {
            if (x.variant() != 0 && x.variant() != variant) {
                continue;
            }
            boolean isControl = x.variant() == 0;
            (isControl ? c : v).add(x.goal(), x.pre());
            (isControl ? gc : gv).add(x.guardrail(), 0);
            if (c.n < Sequential.MIN_VISITORS || v.n < Sequential.MIN_VISITORS) {
                continue;
            }
            Cuped.Estimate est = Cuped.estimate(c, v);
            goal.look(est.difference(), est.variance(), c.n + v.n);
            if (withGuardrail) {
                guard.look(gv.rate() - gc.rate(), gc.varY() / gc.n + gv.varY() / gv.n, c.n + v.n);
            }
        }
        return new Replay(goal, guard, gc, gv);
    }

    private static Reports.AlwaysValid always(Sequential.Reading r) {
        boolean looked = r.looks() > 0;
        return new Reports.AlwaysValid(r.pValue(), looked ? r.low() : null, looked ? r.high() : null,
                r.decidedAtVisitors() < 0 ? null : r.decidedAtVisitors());
    }

    private static Reports.Adjusted adjusted(Cuped.Estimate est, double alpha) {
        double half = Stats.quantile(1 - alpha / 2) * Math.sqrt(est.variance());
        return new Reports.Adjusted(est.theta(), est.varianceReduction(), est.difference(), est.difference() - half,
                est.difference() + half);
    }

    private static Reports.GuardrailCheck guardrail(ExperimentDefinition e, String name, Replay r) {
        Arm c = r.guardControl();
        Arm v = r.guardVariant();
        if (c.n == 0 || v.n == 0) {
            return new Reports.GuardrailCheck(name, null, null, null, e.guardrailMargin(), false);
        }
        double lift = v.rate() - c.rate();
        Double low;
        Double high;
        if (e.sequential()) {
            Sequential.Reading reading = r.guardrail().reading();
            low = reading.looks() > 0 ? reading.low() : null;
            high = reading.looks() > 0 ? reading.high() : null;
        } else {
            double[] ci = Stats.differenceInterval(c.converted, c.n, v.converted, v.n, e.alpha());
            low = ci[0];
            high = ci[1];
        }
        return new Reports.GuardrailCheck(name, lift, low, high, e.guardrailMargin(),
                high != null && high < -e.guardrailMargin());
    }

    private static String decision(ExperimentDefinition e, Reports.SampleRatioCheck srm, Double lift,
            boolean significant, boolean horizonReached, Reports.AlwaysValid sequential,
            Reports.GuardrailCheck guardrail) {
        if (srm.flagged()) {
            return "blocked-srm";
        }
        String call;
        if (e.sequential()) {
            if (sequential.pValue() >= e.alpha()) {
                return "continue";
            }
            call = sequential.ciLow() > 0 ? "stop-better" : "stop-worse";
        } else {
            if (!horizonReached) {
                return "continue";
            }
            if (!significant) {
                return "no-difference";
            }
            call = lift > 0 ? "stop-better" : "stop-worse";
        }
        return call.equals("stop-better") && guardrail != null && guardrail.harmed() ? "flagged-guardrail" : call;
    }
}
