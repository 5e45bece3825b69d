package org.microconversions.interceptors.insights;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatsTest {

    private static final NormalDistribution N = new NormalDistribution(0, 1);

    @Test
    void cdfMatchesCommonsMathFromMinus12To12() {
        for (double z = -12; z <= 12; z += 0.01) {
            assertThat(Stats.cdf(z)).as("cdf(%s)", z).isCloseTo(N.cumulativeProbability(z), within(1e-13));
        }
    }

    @Test
    void tailsAreAccurateRelativeToTheirSize() {
        // two-sided p-values of large |z| are tiny: compare relatively, against 2 * (1 - cdf) from the other tail
        for (double z = 3; z <= 30; z += 0.25) {
            double expected = 2 * N.cumulativeProbability(-z);
            double actual = Stats.erfc(z / Math.sqrt(2));
            assertThat(actual).as("p(|Z| > %s)", z).isCloseTo(expected, within(Math.max(1e-300, expected * 1e-9)));
        }
    }

    @Test
    void quantileInvertsTheCdf() {
        for (double p : new double[]{0.001, 0.025, 0.05, 0.3, 0.5, 0.8, 0.95, 0.975, 0.995, 0.999}) {
            assertThat(Stats.quantile(p)).as("quantile(%s)", p)
                    .isCloseTo(N.inverseCumulativeProbability(p), within(1e-9));
        }
        // far tails: Commons Math's inverse is off by 1e-8 there; the reference is Wichura's AS241
        // (Python's statistics.NormalDist().inv_cdf(1e-10) = -6.361340902404056)
        assertThat(Stats.quantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-12));
        assertThat(Stats.quantile(0.975)).isCloseTo(1.9599639845400536, within(1e-12));
        for (double p = 1e-12; p < 0.5; p *= 7) {
            assertThat(Stats.cdf(Stats.quantile(p))).isCloseTo(p, within(p * 1e-9));
        }
    }

    /**
     * Published worked example: OpenIntro Statistics, 4th edition (Diez, Cetinkaya-Rundel, Barr,
     * 2019), section 6.2.3 "Hypothesis tests for the difference of two proportions", the mammogram
     * trial (Miller et al., BMJ 2014): 500 of 44,925 in the mammogram group and 505 of 44,910 in the
     * control group died of breast cancer. The book pools p = 0.0112, gets SE = 0.00070, Z = -0.17
     * and a two-sided p-value of 2 * 0.4325 = 0.865 (from Z rounded to two decimals; unrounded,
     * Z = -0.164 and p = 0.870).
     */
    @Test
    void reproducesTheOpenIntroMammogramExample() {
        long x1 = 505;
        long n1 = 44_910; // control
        long x2 = 500;
        long n2 = 44_925; // mammogram
        double pooled = (double) (x1 + x2) / (n1 + n2);
        assertThat(pooled).isCloseTo(0.0112, within(0.00005));
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        assertThat(se).isCloseTo(0.00070, within(0.000005));
        assertThat(((double) x2 / n2 - (double) x1 / n1) / se).isCloseTo(-0.17, within(0.01));
        Double p = Stats.pooledPValue(x1, n1, x2, n2);
        assertThat(p).isCloseTo(0.865, within(0.006));
        assertThat(p).isCloseTo(2 * N.cumulativeProbability(-Math.abs(((double) x2 / n2 - (double) x1 / n1) / se)),
                within(1e-12));
    }

    @Test
    void undefinedCasesAreNull() {
        assertThat(Stats.pooledPValue(0, 0, 1, 10)).isNull();
        assertThat(Stats.pooledPValue(0, 10, 0, 10)).isNull();
        assertThat(Stats.pooledPValue(10, 10, 10, 10)).isNull();
        assertThat(Stats.differenceInterval(1, 0, 1, 10, 0.05)).isNull();
    }
}
