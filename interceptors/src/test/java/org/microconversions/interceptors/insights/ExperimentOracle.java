package org.microconversions.interceptors.insights;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The experiment statistics computed again from raw visitor rows by other formula paths, sharing
 * no code with {@link ExperimentAnalysis}: the mixture likelihood ratio by Gauss-Legendre
 * quadrature of the normal likelihood ratio over the N(0, tau^2) mixture (not its closed form), the
 * confidence sequence by bisection of that quadrature, CUPED's theta and variances from Commons
 * Math's {@link SimpleRegression} (centred, updated sums), the sample-ratio test from Commons Math's
 * {@link ChiSquareTest}.
 */
final class ExperimentOracle {

    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);
    private static final GaussIntegratorFactory GAUSS = new GaussIntegratorFactory();
    private static final int BURN_IN = 100; // the documented start of the looks

    private ExperimentOracle() {
    }

    /** One exposed visitor as the oracle sees it. */
    record Row(String id, int variant, long entry, boolean goal, boolean guardrail, double pre) {
    }

    /** The oracle's reading of one variant against the control. */
    record Result(long n0, long x0, long n1, long x1, double seqP, double seqLow, double seqHigh, long decidedAt,
            double theta, double reduction, double cupedLift, double cupedLow, double cupedHigh,
            double guardLift, double guardLow, double guardHigh, long looks) {
    }

    /** ln of the mixture likelihood ratio, integral of N(t; 0, tau^2) phi(d; t, v) / phi(d; 0, v) dt. */
    static double logMixtureRatio(double d, double v, double tau) {
        double tau2 = tau * tau;
        double s2 = 1 / (1 / v + 1 / tau2); // the integrand is a Gaussian bump at mu, width s
        double mu = s2 * d / v;
        double s = Math.sqrt(s2);
        double peak = logIntegrand(mu, d, v, tau2);
        GaussIntegrator g = GAUSS.legendre(64, mu - 14 * s, mu + 14 * s);
        double integral = g.integrate(t -> Math.exp(logIntegrand(t, d, v, tau2) - peak));
        return peak + Math.log(integral);
    }

    private static double logIntegrand(double t, double d, double v, double tau2) {
        return -t * t / (2 * tau2) - 0.5 * Math.log(2 * Math.PI * tau2) + (t * d - t * t / 2) / v;
    }

    /** The interval of one look: the deltas whose shifted estimate the test would not reject. */
    static double[] lookInterval(double d, double v, double tau, double alpha) {
        double target = Math.log(1 / alpha);
        double far = Math.sqrt(v) * 60 + tau;
        return new double[]{d - bisect(v, tau, target, far), d + bisect(v, tau, target, far)};
    }

    /** The e with logMixtureRatio(e) = target (increasing in e &gt; 0). */
    private static double bisect(double v, double tau, double target, double far) {
        double lo = 0;
        double hi = far;
        for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
            double mid = (lo + hi) / 2;
            if (logMixtureRatio(mid, v, tau) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    static double srmPValue(long[] observed, ExperimentDefinition e) {
        double[] expected = new double[observed.length];
        for (int i = 0; i < observed.length; i++) {
            expected[i] = e.variants().get(i).weight();
        }
        return new ChiSquareTest().chiSquareTest(expected, observed);
    }

    /**
     * @param intervals also compute the confidence sequences (slow: bisection of a quadrature per look)
     */
    static Result compare(List<Row> rows, int variant, ExperimentDefinition e, boolean intervals) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(Row::entry).thenComparing(Row::id));
        SimpleRegression pooled = new SimpleRegression();
        SimpleRegression[] arms = {new SimpleRegression(), new SimpleRegression()};
        long[] n = new long[2];
        long[] x = new long[2];
        long[] g = new long[2];
        double[] sumX = new double[2];
        double seqP = 1;
        double low = Double.NEGATIVE_INFINITY;
        double high = Double.POSITIVE_INFINITY;
        double gLow = Double.NEGATIVE_INFINITY;
        double gHigh = Double.POSITIVE_INFINITY;
        long decidedAt = -1;
        long looks = 0;
        double[] lookOut = new double[3];
        for (Row r : sorted) {
            if (r.variant() != 0 && r.variant() != variant) {
                continue;
            }
            int a = r.variant() == 0 ? 0 : 1;
            n[a]++;
            x[a] += r.goal() ? 1 : 0;
            g[a] += r.guardrail() ? 1 : 0;
            sumX[a] += r.pre();
            pooled.addData(r.pre(), r.goal() ? 1 : 0);
            arms[a].addData(r.pre(), r.goal() ? 1 : 0);
            if (n[0] < BURN_IN || n[1] < BURN_IN) {
                continue;
            }
            cuped(pooled, arms, n, x, sumX, lookOut);
            double d = lookOut[0];
            double v = lookOut[1];
            if (v > 0) {
                looks++;
                double logL = logMixtureRatio(d, v, e.tau());
                seqP = Math.min(seqP, Math.min(1, Math.exp(-logL)));
                if (decidedAt < 0 && Math.exp(-logL) < e.alpha()) {
                    decidedAt = n[0] + n[1];
                }
                if (intervals) {
                    double[] ci = lookInterval(d, v, e.tau(), e.alpha());
                    if (Math.max(low, ci[0]) <= Math.min(high, ci[1])) {
                        low = Math.max(low, ci[0]);
                        high = Math.min(high, ci[1]);
                    }
                }
            }
            double q0 = (double) g[0] / n[0];
            double q1 = (double) g[1] / n[1];
            double gv = q0 * (1 - q0) / n[0] + q1 * (1 - q1) / n[1];
            if (intervals && gv > 0) {
                double[] ci = lookInterval(q1 - q0, gv, e.tau(), e.alpha());
                if (Math.max(gLow, ci[0]) <= Math.min(gHigh, ci[1])) {
                    gLow = Math.max(gLow, ci[0]);
                    gHigh = Math.min(gHigh, ci[1]);
                }
            }
        }
        cuped(pooled, arms, n, x, sumX, lookOut);
        double half = NORMAL.inverseCumulativeProbability(1 - e.alpha() / 2) * Math.sqrt(lookOut[1]);
        double plain = variance(x[0], n[0]) + variance(x[1], n[1]);
        return new Result(n[0], x[0], n[1], x[1], seqP, low, high, decidedAt, lookOut[2],
                lookOut[2] == 0 ? 0 : 1 - lookOut[1] / plain, lookOut[0], lookOut[0] - half, lookOut[0] + half,
                (double) g[1] / n[1] - (double) g[0] / n[0], gLow, gHigh, looks);
    }

    private static double variance(long x, long n) {
        double p = (double) x / n;
        return p * (1 - p) / n;
    }

    /** out = {adjusted difference, its variance, theta}, from centred sums. */
    private static void cuped(SimpleRegression pooled, SimpleRegression[] arms, long[] n, long[] x, double[] sumX,
            double[] out) {
        double sxx = pooled.getXSumSquares();
        double theta = sxx > 1e-9 ? pooled.getSumOfCrossProducts() / sxx : 0;
        double diff = (double) x[1] / n[1] - (double) x[0] / n[0];
        if (theta == 0) {
            out[0] = diff;
            out[1] = variance(x[0], n[0]) + variance(x[1], n[1]);
            out[2] = 0;
            return;
        }
        out[0] = diff - theta * (sumX[1] / n[1] - sumX[0] / n[0]);
        double v = 0;
        for (int a = 0; a < 2; a++) {
            SimpleRegression r = arms[a];
            double ss = r.getTotalSumSquares() - 2 * theta * r.getSumOfCrossProducts()
                    + theta * theta * r.getXSumSquares();
            v += ss / n[a] / n[a];
        }
        out[1] = v;
        out[2] = theta;
    }
}
