package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The report's figures against {@link ExperimentOracle}'s replay of the raw rows, and its decisions. */
class ExperimentAnalysisTest {

    @Test
    void everyStatisticMatchesTheOracleReplay() {
        ExperimentDefinition e = new ExperimentDefinition("sim", Simulated.experiment(0.02, 50, 50).variants(), 0.05,
                1000, List.of(), true, 0.02, Duration.ofDays(14), null, null, 0.01);
        for (long seed = 1; seed <= 2; seed++) {
            Random r = new Random(seed);
            List<ExperimentAnalysis.Visitor> vs = Simulated.visitors(r, 1200, new double[]{0.5, 0.5},
                    (rng, i, v) -> {
                        double interest = rng.nextDouble();
                        return new ExperimentAnalysis.Visitor(Simulated.id(i), v, i / 3, // ties of entry
                                rng.nextDouble() < 0.1 + 0.2 * interest + 0.04 * v, rng.nextDouble() < 0.05,
                                Simulated.poisson(rng, 3 * interest));
                    });
            Reports.VariantRow got = ExperimentAnalysis.analyse(e, "goal", "purchase", vs).variants().get(1);
            ExperimentOracle.Result want = ExperimentOracle.compare(Simulated.rows(vs), 1, e, true);
            assertThat(got.sequential().pValue()).isCloseTo(want.seqP(), within(1e-9));
            assertThat(got.sequential().ciLow()).isCloseTo(want.seqLow(), within(1e-9));
            assertThat(got.sequential().ciHigh()).isCloseTo(want.seqHigh(), within(1e-9));
            assertThat(got.sequential().decidedAtVisitors()).isEqualTo(want.decidedAt() < 0 ? null : want.decidedAt());
            assertThat(got.cuped().theta()).isCloseTo(want.theta(), within(1e-9));
            assertThat(got.cuped().varianceReduction()).isCloseTo(want.reduction(), within(1e-9));
            assertThat(got.cuped().absoluteLift()).isCloseTo(want.cupedLift(), within(1e-9));
            assertThat(got.cuped().ciLow()).isCloseTo(want.cupedLow(), within(1e-9));
            assertThat(got.cuped().ciHigh()).isCloseTo(want.cupedHigh(), within(1e-9));
            assertThat(got.guardrail().absoluteLift()).isCloseTo(want.guardLift(), within(1e-9));
            assertThat(got.guardrail().ciLow()).isCloseTo(want.guardLow(), within(1e-9));
            assertThat(got.guardrail().ciHigh()).isCloseTo(want.guardHigh(), within(1e-9));
            assertThat(got.guardrail().harmed()).isEqualTo(want.guardHigh() < -0.01);
        }
    }

    @Test
    void noWinnerIsCalledWhileTheSplitIsBroken() {
        ExperimentDefinition e = Simulated.experiment(0.02, 50, 50);
        List<ExperimentAnalysis.Visitor> vs = Simulated.visitors(new Random(1), 6000, new double[]{0.4, 0.6},
                Simulated.rates(new double[]{0.1, 0.3}, new double[]{0, 0}));
        Reports.Experiment r = ExperimentAnalysis.analyse(e, "goal", null, vs);
        assertThat(r.srm().flagged()).isTrue();
        assertThat(r.variants().get(1).sequential().pValue()).isLessThan(1e-6); // it would have been a winner
        assertThat(r.variants().get(1).decision()).isEqualTo("blocked-srm");
    }

    @Test
    void aWinnerWhoseGuardrailIsWorseBeyondTheMarginIsFlagged() {
        ExperimentDefinition e = Simulated.experiment(0.02, 50, 50);
        Random r = new Random(2);
        // the goal goes up 10 pp, purchases drop 6 pp: harmed beyond the 1 pp margin
        List<ExperimentAnalysis.Visitor> harmful = Simulated.visitors(r, 6000, new double[]{0.5, 0.5},
                Simulated.rates(new double[]{0.2, 0.3}, new double[]{0.1, 0.04}));
        Reports.VariantRow bad = ExperimentAnalysis.analyse(e, "goal", "purchase", harmful).variants().get(1);
        assertThat(bad.guardrail().harmed()).isTrue();
        assertThat(bad.guardrail().ciHigh()).isLessThan(-0.01);
        assertThat(bad.decision()).isEqualTo("flagged-guardrail");
        // the same goal lift with purchases unchanged: a plain winner
        List<ExperimentAnalysis.Visitor> fine = Simulated.visitors(r, 6000, new double[]{0.5, 0.5},
                Simulated.rates(new double[]{0.2, 0.3}, new double[]{0.1, 0.1}));
        Reports.VariantRow good = ExperimentAnalysis.analyse(e, "goal", "purchase", fine).variants().get(1);
        assertThat(good.guardrail().harmed()).isFalse();
        assertThat(good.decision()).isEqualTo("stop-better");
    }

    @Test
    void withoutSequentialTheFixedHorizonDecidesAtTheMinimumSample() {
        ExperimentDefinition e = new ExperimentDefinition("sim", Simulated.experiment(0.02, 50, 50).variants(), 0.05,
                2000, List.of(), false, 0.02, null, null, null, 0.01);
        Simulated.Behaviour b = Simulated.rates(new double[]{0.2, 0.26}, new double[]{0, 0});
        Reports.VariantRow early = ExperimentAnalysis.analyse(e, "goal", null,
                Simulated.visitors(new Random(4), 2000, new double[]{0.5, 0.5}, b)).variants().get(1);
        assertThat(early.sequential()).isNull();
        assertThat(early.decision()).isEqualTo("continue");
        Reports.VariantRow done = ExperimentAnalysis.analyse(e, "goal", null,
                Simulated.visitors(new Random(4), 6000, new double[]{0.5, 0.5}, b)).variants().get(1);
        assertThat(done.minSampleReached()).isTrue();
        assertThat(done.decision()).isEqualTo(done.significant() ? "stop-better" : "no-difference");
    }

    @Test
    void noLookBeforeEveryVariantHasTheBurnIn() {
        ExperimentDefinition e = Simulated.experiment(0.02, 50, 50);
        List<ExperimentAnalysis.Visitor> vs = Simulated.visitors(new Random(3), 150, new double[]{0.5, 0.5},
                Simulated.rates(new double[]{0.0, 1.0}, new double[]{0, 0}));
        Reports.VariantRow row = ExperimentAnalysis.analyse(e, "goal", null, vs).variants().get(1);
        assertThat(row.sequential().pValue()).isEqualTo(1.0);
        assertThat(row.sequential().ciLow()).isNull();
        assertThat(row.decision()).isEqualTo("continue");
    }
}
