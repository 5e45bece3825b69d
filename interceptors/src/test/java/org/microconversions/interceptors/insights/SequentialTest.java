package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The mSPRT's closed forms against the mixture integral computed by quadrature ({@link ExperimentOracle}). */
class SequentialTest {

    @Test
    void closedFormLikelihoodRatioEqualsTheMixtureIntegral() {
        for (double tau : new double[]{0.002, 0.02, 0.1}) {
            for (double v : new double[]{1e-6, 4e-5, 1e-3}) {
                for (double d : new double[]{-0.05, -0.004, 0, 0.001, 0.01, 0.03}) {
                    double got = Sequential.logLikelihoodRatio(d, v, tau * tau);
                    double want = ExperimentOracle.logMixtureRatio(d, v, tau);
                    if (Math.abs(want) < 700) {
                        assertThat(got).as("d=%s v=%s tau=%s", d, v, tau)
                                .isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
                    }
                }
            }
        }
    }

    @Test
    void intervalEndsAreWhereTheTestStartsToReject() {
        for (double tau : new double[]{0.005, 0.02}) {
            for (double v : new double[]{1e-5, 2e-4}) {
                for (double alpha : new double[]{0.01, 0.05, 0.1}) {
                    double[] want = ExperimentOracle.lookInterval(0.013, v, tau, alpha);
                    double half = Sequential.halfWidth(v, tau * tau, alpha);
                    assertThat(0.013 - half).isCloseTo(want[0], within(1e-9));
                    assertThat(0.013 + half).isCloseTo(want[1], within(1e-9));
                }
            }
        }
    }
}
