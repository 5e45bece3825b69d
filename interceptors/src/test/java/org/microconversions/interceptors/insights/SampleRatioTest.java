package org.microconversions.interceptors.insights;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The chi-square tail and the sample-ratio check against Commons Math. */
class SampleRatioTest {

    @Test
    void chiSquareTailMatchesCommonsMath() {
        for (int df = 1; df <= 6; df++) {
            ChiSquaredDistribution chi = new ChiSquaredDistribution(df);
            for (double x = 0.01; x < 80; x *= 1.3) {
                double want = 1 - chi.cumulativeProbability(x);
                double got = Stats.chiSquareUpperTail(x, df);
                assertThat(got).as("df=%d x=%s", df, x).isCloseTo(want, within(1e-12));
            }
        }
        // far tail, relatively: df = 1 is erfc(sqrt(x / 2))
        for (double x = 20; x < 400; x *= 1.5) {
            double want = Stats.erfc(Math.sqrt(x / 2));
            assertThat(Stats.chiSquareUpperTail(x, 1)).isCloseTo(want, within(want * 1e-9));
        }
        assertThat(Stats.chiSquareUpperTail(0, 3)).isEqualTo(1.0);
    }

    @Test
    void logGammaMatchesKnownValues() {
        assertThat(Stats.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        assertThat(Stats.logGamma(1)).isCloseTo(0, within(1e-14));
        assertThat(Stats.logGamma(10)).isCloseTo(Math.log(362_880), within(1e-12));
        assertThat(Stats.logGamma(2.5)).isCloseTo(Math.log(0.75 * Math.sqrt(Math.PI)), within(1e-14));
    }

    @Test
    void checkMatchesCommonsMathsChiSquareTest() {
        record Case(int[] weights, long[] observed) {
        }
        for (Case c : List.of(new Case(new int[]{50, 50}, new long[]{5000, 5100}),
                new Case(new int[]{50, 50}, new long[]{4500, 5500}),
                new Case(new int[]{90, 10}, new long[]{9100, 900}),
                new Case(new int[]{1, 1, 1}, new long[]{330, 340, 290}),
                new Case(new int[]{2, 1, 1}, new long[]{200, 100, 103}))) {
            ExperimentDefinition e = experiment(c.weights());
            List<Long> observed = new ArrayList<>();
            for (long o : c.observed()) {
                observed.add(o);
            }
            Reports.SampleRatioCheck got = SampleRatio.test(e, observed);
            double want = ExperimentOracle.srmPValue(c.observed(), e);
            assertThat(got.pValue()).isCloseTo(want, within(1e-12));
            assertThat(got.flagged()).isEqualTo(want < 0.001);
        }
        assertThat(SampleRatio.test(experiment(new int[]{50, 50}), List.of(0L, 0L)).pValue()).isNull();
    }

    static ExperimentDefinition experiment(int[] weights) {
        List<ExperimentDefinition.Variant> vs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            vs.add(new ExperimentDefinition.Variant("v" + i, weights[i]));
        }
        return new ExperimentDefinition("x", vs, 0.05, 100, List.of());
    }
}
