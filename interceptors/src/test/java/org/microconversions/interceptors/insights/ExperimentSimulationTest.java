package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded simulations of whole experiments through {@link ExperimentAnalysis} (no database): the
 * properties the statistics promise, with the rates and their 95 % intervals in the messages.
 */
class ExperimentSimulationTest {

    /**
     * A/A: 400 experiments without a difference, 50/50, 10 % conversion, 5,000 visitors each. The
     * sequential test is looked at after every single visitor (its running minimum); the
     * fixed-horizon z-test after every block of 250 (20 looks), stopping at the first p &lt; alpha.
     */
    @Test
    void peekingAtTheSequentialTestKeepsFalsePositivesBelowAlphaWhileTheZTestExceedsIt() {
        ExperimentDefinition e = Simulated.experiment(0.02, 50, 50);
        int runs = 400;
        int sequentialPositives = 0;
        int peekingPositives = 0;
        Random r = new Random(20261201L);
        for (int run = 0; run < runs; run++) {
            List<ExperimentAnalysis.Visitor> vs = Simulated.visitors(r, 5000, new double[]{0.5, 0.5},
                    Simulated.rates(new double[]{0.1, 0.1}, new double[]{0, 0}));
            Reports.VariantRow row = ExperimentAnalysis.analyse(e, "goal", null, vs).variants().get(1);
            if (row.sequential().pValue() < e.alpha()) {
                sequentialPositives++;
            }
            if (firstPeekBelowAlpha(vs, 250, e.alpha())) {
                peekingPositives++;
            }
        }
        String seq = Simulated.wilson(sequentialPositives, runs);
        String peek = Simulated.wilson(peekingPositives, runs);
        System.out.println("A/A, sequential looked at after every visitor: " + seq
                + "; z-test looked at every 250: " + peek);
        assertThat(sequentialPositives).as("sequential false positives: " + seq).isLessThanOrEqualTo(runs / 20);
        assertThat(peekingPositives).as("z-test peeking false positives: " + peek).isGreaterThan(runs / 20);
    }

    @Test
    void aRealDifferenceIsCalledInItsDirection() {
        ExperimentDefinition e = Simulated.experiment(0.02, 50, 50);
        Random r = new Random(7);
        int better = 0;
        int worse = 0;
        for (int run = 0; run < 100; run++) {
            List<ExperimentAnalysis.Visitor> vs = Simulated.visitors(r, 8000, new double[]{0.5, 0.5},
                    Simulated.rates(new double[]{0.2, 0.24}, new double[]{0, 0}));
            String d = ExperimentAnalysis.analyse(e, "goal", null, vs).variants().get(1).decision();
            better += d.equals("stop-better") ? 1 : 0;
            worse += d.equals("stop-worse") ? 1 : 0;
        }
        assertThat(better).as("decided better within 8,000 visitors: " + Simulated.wilson(better, 100))
                .isGreaterThanOrEqualTo(90);
        assertThat(worse).isZero();
    }

    /** 45/55 instead of 50/50 is caught; a fair split almost never is. */
    @Test
    void sampleRatioMismatchIsFlaggedInABrokenSplitAndRarelyInAFairOne() {
        ExperimentDefinition e = Simulated.experiment(0.02, 50, 50);
        Random r = new Random(99);
        int broken = 0;
        int fair = 0;
        int runs = 400;
        Simulated.Behaviour b = Simulated.rates(new double[]{0.1, 0.1}, new double[]{0, 0});
        for (int run = 0; run < runs; run++) {
            Reports.Experiment skewed = ExperimentAnalysis.analyse(e, "goal", null,
                    Simulated.visitors(r, 4000, new double[]{0.45, 0.55}, b));
            broken += skewed.srm().flagged() ? 1 : 0;
            assertThat(!skewed.srm().flagged() || skewed.variants().get(1).decision().equals("blocked-srm")).isTrue();
            fair += ExperimentAnalysis.analyse(e, "goal", null, Simulated.visitors(r, 4000, new double[]{0.5, 0.5}, b))
                    .srm().flagged() ? 1 : 0;
        }
        System.out.println("SRM flagged: 45/55 of 4,000: " + Simulated.wilson(broken, runs) + "; 50/50: "
                + Simulated.wilson(fair, runs));
        assertThat(broken).as("45/55 flagged: " + Simulated.wilson(broken, runs))
                .isGreaterThanOrEqualTo(runs * 95 / 100);
        assertThat(runs - fair).as("50/50 not flagged: " + Simulated.wilson(runs - fair, runs))
                .isGreaterThanOrEqualTo(runs * 95 / 100);
    }

    /**
     * Three in ten visitors are regulars: 3 goal conversions on average in the pre-period (Poisson)
     * and a 50 % goal rate; the others 0.1 and 5 %: the past predicts the outcome. Over 400
     * experiments the adjusted lift varies less than the plain one by about the reduction the
     * report claims, and both are unbiased.
     */
    @Test
    void cupedReducesTheVarianceByWhatItReports() {
        ExperimentDefinition e = new ExperimentDefinition("sim", Simulated.experiment(0.02, 50, 50).variants(), 0.05,
                1000, List.of(), true, 0.02, Duration.ofDays(14), null, null, 0.01);
        Random r = new Random(1);
        int runs = 400;
        double effect = 0.02;
        double[] plain = new double[runs];
        double[] adjusted = new double[runs];
        double reported = 0;
        for (int run = 0; run < runs; run++) {
            List<ExperimentAnalysis.Visitor> vs = Simulated.visitors(r, 4000, new double[]{0.5, 0.5},
                    (rng, i, v) -> {
                        boolean regular = rng.nextDouble() < 0.3;
                        int pre = Simulated.poisson(rng, regular ? 3 : 0.1);
                        boolean goal = rng.nextDouble() < (regular ? 0.5 : 0.05) + (v == 1 ? effect : 0);
                        return new ExperimentAnalysis.Visitor(Simulated.id(i), v, i, goal, false, pre);
                    });
            Reports.VariantRow row = ExperimentAnalysis.analyse(e, "goal", null, vs).variants().get(1);
            plain[run] = row.absoluteLift();
            adjusted[run] = row.cuped().absoluteLift();
            reported += row.cuped().varianceReduction() / runs;
        }
        double observed = 1 - variance(adjusted) / variance(plain);
        System.out.printf(Locale.ROOT, "CUPED: reported variance reduction %.3f, observed over %d runs %.3f;"
                + " mean lift plain %.4f, adjusted %.4f (true %.4f)%n", reported, runs, observed, mean(plain),
                mean(adjusted), effect);
        assertThat(reported).isGreaterThan(0.15);
        assertThat(observed).as("observed reduction vs reported %s", reported).isBetween(reported - 0.08,
                reported + 0.08);
        assertThat(mean(adjusted)).isBetween(effect - 0.003, effect + 0.003);
        assertThat(mean(plain)).isBetween(effect - 0.003, effect + 0.003);
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s / a.length;
    }

    private static double variance(double[] a) {
        double m = mean(a);
        double s = 0;
        for (double x : a) {
            s += (x - m) * (x - m);
        }
        return s / (a.length - 1);
    }

    private static boolean firstPeekBelowAlpha(List<ExperimentAnalysis.Visitor> vs, int block, double alpha) {
        long[] n = new long[2];
        long[] x = new long[2];
        for (int i = 0; i < vs.size(); i++) {
            ExperimentAnalysis.Visitor v = vs.get(i);
            n[v.variant()]++;
            x[v.variant()] += v.goal() ? 1 : 0;
            if ((i + 1) % block == 0) {
                Double p = Stats.pooledPValue(x[0], n[0], x[1], n[1]);
                if (p != null && p < alpha) {
                    return true;
                }
            }
        }
        return false;
    }
}
