package org.microconversions.interceptors.insights;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headline of docs/insights.md: visitors until a valid decision of the sequential test, on
 * add-to-cart, proceed-to-checkout and purchase, with the storefront simulator's true effects
 * (sim.ExperimentSimulator: add to cart 20 % vs 24 %, 40 % of those check out, then 25 % vs 22.9 %
 * buy, so purchase is 2.0 % vs 2.2 %), and the false positives of the same tests in A/A runs. One
 * experiment per run, the three goals read side by side, a look every {@value #LOOK} visitors.
 * Pure Java with the production {@link Sequential.Monitor}: the same statistic the API answers.
 */
class SequentialHeadlineTest {

    static final int RUNS = 60;
    static final int CAP = 600_000;
    static final int LOOK = 500;
    static final double ALPHA = 0.05;
    static final double TAU = 0.02; // the default
    static final String[] GOALS = {"add-to-cart", "proceed-to-checkout", "purchase"};
    static final double[][] RATES = {{0.20, 0.24}, {0.08, 0.096}, {0.02, 0.022}};

    /** Per goal: the visitors of each run at its decision (-1 if none within the cap), and whether it was right. */
    record Outcome(long[][] decidedAt, boolean[][] right) {
    }

    static Outcome simulate(long seed, boolean effect) {
        long[][] decidedAt = new long[3][RUNS];
        boolean[][] right = new boolean[3][RUNS];
        Random r = new Random(seed);
        for (int run = 0; run < RUNS; run++) {
            Arm[][] arms = new Arm[3][2];
            Sequential.Monitor[] monitors = new Sequential.Monitor[3];
            for (int g = 0; g < 3; g++) {
                arms[g][0] = new Arm();
                arms[g][1] = new Arm();
                monitors[g] = new Sequential.Monitor(TAU, ALPHA);
            }
            for (int i = 1; i <= CAP; i++) {
                int v = r.nextBoolean() ? 1 : 0;
                boolean gallery = effect && v == 1;
                boolean add = r.nextDouble() < (gallery ? 0.24 : 0.20);
                boolean checkout = add && r.nextDouble() < 0.40;
                boolean buy = checkout && r.nextDouble() < (gallery ? 0.022 / 0.096 : 0.25);
                arms[0][v].add(add, 0);
                arms[1][v].add(checkout, 0);
                arms[2][v].add(buy, 0);
                if (i % LOOK != 0 || arms[0][0].n < Sequential.MIN_VISITORS || arms[0][1].n < Sequential.MIN_VISITORS) {
                    continue;
                }
                boolean open = false;
                for (int g = 0; g < 3; g++) {
                    Cuped.Estimate est = Cuped.estimate(arms[g][0], arms[g][1]);
                    monitors[g].look(est.difference(), est.variance(), i);
                    open |= monitors[g].reading().decidedAtVisitors() < 0;
                }
                if (!open && effect) {
                    break; // every goal decided: the rest of the run cannot change a decision
                }
            }
            for (int g = 0; g < 3; g++) {
                Sequential.Reading reading = monitors[g].reading();
                decidedAt[g][run] = reading.decidedAtVisitors();
                right[g][run] = effect && reading.decidedAtVisitors() > 0 && reading.low() > 0;
            }
        }
        return new Outcome(decidedAt, right);
    }

    @Test
    void microConversionsDecideSoonerAndA_AStaysBelowAlpha() {
        Outcome real = simulate(2026_12_01L, true);
        Outcome aa = simulate(2026_12_02L, false);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "| goal | true rate classic → gallery | fixed horizon (α 0.05, power 80 %%) | decided within %,d"
                        + " | median visitors to decision (quartiles) | wrong direction | A/A false positives within %,d |%n"
                        + "|---|---|---|---|---|---|---|%n",
                CAP, CAP));
        double[] medians = new double[3];
        for (int g = 0; g < 3; g++) {
            long[] decided = Arrays.stream(real.decidedAt()[g]).filter(d -> d > 0).sorted().toArray();
            long wrong = 0;
            for (int run = 0; run < RUNS; run++) {
                wrong += real.decidedAt()[g][run] > 0 && !real.right()[g][run] ? 1 : 0;
            }
            long falsePositives = Arrays.stream(aa.decidedAt()[g]).filter(d -> d > 0).count();
            medians[g] = Arrays.stream(real.decidedAt()[g]).map(d -> d < 0 ? Long.MAX_VALUE : d).sorted()
                    .toArray()[RUNS / 2];
            double p1 = RATES[g][0];
            double p2 = RATES[g][1];
            double z = Stats.quantile(1 - ALPHA / 2) + Stats.quantile(0.8);
            long fixed = 2 * (long) Math.ceil(z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / ((p2 - p1) * (p2 - p1)));
            table.append(String.format(Locale.ROOT, "| %s | %.1f %% → %.1f %% | %,d | %s | %s | %d | %s |%n", GOALS[g],
                    100 * p1, 100 * p2, fixed, Simulated.wilson(decided.length, RUNS), quartiles(real.decidedAt()[g]),
                    wrong, Simulated.wilson(falsePositives, RUNS)));
            assertThat(falsePositives).as("A/A false positives on " + GOALS[g] + ": "
                    + Simulated.wilson(falsePositives, RUNS)).isLessThanOrEqualTo((long) (RUNS * ALPHA));
            assertThat(wrong).as(GOALS[g]).isLessThanOrEqualTo(1);
        }
        System.out.println(table);
        assertThat(medians[0]).isLessThan(medians[1]);
        assertThat(medians[1]).isLessThan(medians[2]);
    }

    /** Median and quartiles of the decision times, counting runs without a decision as later than all. */
    private static String quartiles(long[] decidedAt) {
        long[] sorted = Arrays.stream(decidedAt).map(d -> d < 0 ? Long.MAX_VALUE : d).sorted().toArray();
        return String.format(Locale.ROOT, "%s (%s … %s)", text(sorted[sorted.length / 2]),
                text(sorted[sorted.length / 4]), text(sorted[sorted.length * 3 / 4]));
    }

    private static String text(long v) {
        return v == Long.MAX_VALUE
                ? "> " + String.format(Locale.ROOT, "%,d", CAP)
                : String.format(Locale.ROOT, "%,d", v);
    }
}
