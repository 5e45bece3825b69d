package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** CUPED's estimate against the oracle's regression on raw rows, and the no-data identity. */
class CupedTest {

    private static final ExperimentDefinition E = new ExperimentDefinition("x",
            List.of(new ExperimentDefinition.Variant("c", 1), new ExperimentDefinition.Variant("v", 1)), 0.05, 100,
            List.of());

    @Test
    void adjustedLiftAndVarianceMatchTheRegressionOnRawRows() {
        Random r = new Random(11);
        List<ExperimentOracle.Row> rows = new ArrayList<>();
        Arm[] arms = {new Arm(), new Arm()};
        for (int i = 0; i < 5000; i++) {
            int variant = r.nextInt(2);
            double interest = r.nextDouble();
            int pre = (int) Math.floor(interest * interest * 4 + r.nextDouble());
            boolean goal = r.nextDouble() < 0.05 + 0.3 * interest + (variant == 1 ? 0.03 : 0);
            rows.add(new ExperimentOracle.Row("v" + i, variant, i, goal, false, pre));
            arms[variant].add(goal, pre);
        }
        Cuped.Estimate got = Cuped.estimate(arms[0], arms[1]);
        ExperimentOracle.Result want = ExperimentOracle.compare(rows, 1, E, false);
        assertThat(got.theta()).isCloseTo(want.theta(), within(1e-9));
        assertThat(got.difference()).isCloseTo(want.cupedLift(), within(1e-9));
        assertThat(got.varianceReduction()).isCloseTo(want.reduction(), within(1e-9));
        assertThat(got.varianceReduction()).isGreaterThan(0.02); // a weak covariate here: the simulation shows a strong one
    }

    @Test
    void withoutPrePeriodDataTheEstimateIsThePlainOneExactly() {
        Random r = new Random(5);
        Arm c = new Arm();
        Arm v = new Arm();
        for (int i = 0; i < 3000; i++) {
            c.add(r.nextDouble() < 0.1, 0);
            v.add(r.nextDouble() < 0.12, 0);
        }
        Cuped.Estimate got = Cuped.estimate(c, v);
        assertThat(got.theta()).isZero();
        assertThat(got.varianceReduction()).isZero();
        assertThat(got.difference()).isEqualTo(v.rate() - c.rate());
        double[] wald = Stats.differenceInterval(c.converted, c.n, v.converted, v.n, 0.05);
        double half = Stats.quantile(0.975) * Math.sqrt(got.variance());
        assertThat(got.difference() - half).isEqualTo(wald[0]);
        assertThat(got.difference() + half).isEqualTo(wald[1]);
    }
}
