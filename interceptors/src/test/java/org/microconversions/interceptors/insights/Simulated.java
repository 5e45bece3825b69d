package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Seeded synthetic experiments for the statistics' unit tests and simulations (no database). */
final class Simulated {

    private Simulated() {
    }

    static ExperimentDefinition experiment(double tau, int... weights) {
        List<ExperimentDefinition.Variant> vs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            vs.add(new ExperimentDefinition.Variant(i == 0 ? "control" : "v" + i, weights[i]));
        }
        return new ExperimentDefinition("sim", vs, 0.05, 1000, List.of(), true, tau, null, null, null, 0.01);
    }

    /** A visitor's outcome given their variant and a generator. */
    interface Behaviour {
        ExperimentAnalysis.Visitor visitor(Random r, int index, int variant);
    }

    /** Bernoulli goal with the given rate per variant, no pre-period, guardrail with its own rates. */
    static Behaviour rates(double[] goal, double[] guardrail) {
        return (r, i, v) -> new ExperimentAnalysis.Visitor(id(i), v, i, r.nextDouble() < goal[v],
                r.nextDouble() < guardrail[v], 0);
    }

    /** Visitors assigned at random by the weights (shares = weights / total). */
    static List<ExperimentAnalysis.Visitor> visitors(Random r, int n, double[] shares, Behaviour b) {
        List<ExperimentAnalysis.Visitor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            int v = 0;
            double upTo = shares[0];
            while (u >= upTo && v < shares.length - 1) {
                upTo += shares[++v];
            }
            out.add(b.visitor(r, i, v));
        }
        return out;
    }

    static List<ExperimentOracle.Row> rows(List<ExperimentAnalysis.Visitor> visitors) {
        return visitors.stream().map(v -> new ExperimentOracle.Row(v.id(), v.variant(), v.entry(), v.goal(),
                v.guardrail(), v.pre())).toList();
    }

    /** Ids that sort like their index (String.format is too slow for millions of visitors). */
    static String id(int i) {
        String digits = Integer.toString(i);
        return "v" + "0000000".substring(Math.min(7, digits.length())) + digits;
    }

    /** Poisson by inversion (small means). */
    static int poisson(Random r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = r.nextDouble();
        double cdf = l;
        double term = l;
        while (p > cdf && k < 1000) {
            k++;
            term *= mean / k;
            cdf += term;
        }
        return k;
    }

    /** Wilson score 95 % interval of k successes in n, as text for assertion messages. */
    static String wilson(long k, long n) {
        double z = 1.959963984540054;
        double p = (double) k / n;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return String.format(Locale.ROOT, "%d of %d = %.2f %% (95 %% CI %.2f … %.2f %%)", k, n, 100 * p,
                100 * (centre - half), 100 * (centre + half));
    }
}
