package org.microconversions.interceptors.insights;

/**
 * The normal distribution and the two-proportion tests, with no library: {@code erfc} from its
 * everywhere-positive power series below 3 and its continued fraction above, accurate to about
 * 1e-15 (the tests compare with Apache Commons Math).
 */
public final class Stats {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Stats() {
    }

    /**
     * @param x any number
     * @return the complementary error function
     */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 3) {
            // erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)): all terms positive
            double term = x;
            double sum = x;
            double x2 = x * x;
            for (int n = 1; n < 500 && term > 1e-17 * sum; n++) {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
            }
            return 1 - TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        }
        if (x > 27) {
            return 0; // below the smallest double
        }
        // erfc(x) = e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double f = x;
        for (int n = 300; n >= 1; n--) {
            f = x + (n / 2.0) / f;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    /**
     * @param z a standard score
     * @return P(Z &lt;= z) for a standard normal Z
     */
    public static double cdf(double z) {
        return z < 0 ? erfc(-z / Math.sqrt(2)) / 2 : 1 - erfc(z / Math.sqrt(2)) / 2;
    }

    /**
     * @param p a probability strictly between 0 and 1
     * @return z with {@link #cdf}(z) = p, by bisection to double precision
     */
    public static double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1): " + p);
        }
        double lo = -40;
        double hi = 40;
        for (int i = 0; i < 200 && hi - lo > 0; i++) {
            double mid = (lo + hi) / 2;
            if (mid == lo || mid == hi) {
                break;
            }
            if (cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** @return part / whole, or null when whole is 0 */
    public static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    /**
     * Two-sided p-value of the pooled two-proportion z-test of x1/n1 against x2/n2:
     * z = (p2 - p1) / sqrt(p(1-p)(1/n1 + 1/n2)) with p = (x1+x2)/(n1+n2).
     *
     * @return the p-value, or null when it is undefined (an empty group, or p is 0 or 1)
     */
    public static Double pooledPValue(long x1, long n1, long x2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return null;
        }
        double p = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(p * (1 - p) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return null;
        }
        double z = ((double) x2 / n2 - (double) x1 / n1) / se;
        return erfc(Math.abs(z) / Math.sqrt(2));
    }

    /**
     * Wald (unpooled) confidence interval of p2 - p1:
     * (p2 - p1) -/+ z_{1-alpha/2} sqrt(p1(1-p1)/n1 + p2(1-p2)/n2).
     *
     * @param alpha one minus the confidence level (0.05 for 95 %)
     * @return {low, high}, or null when a group is empty
     */
    public static double[] differenceInterval(long x1, long n1, long x2, long n2, double alpha) {
        if (n1 == 0 || n2 == 0) {
            return null;
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double half = quantile(1 - alpha / 2) * Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        return new double[]{p2 - p1 - half, p2 - p1 + half};
    }

    /**
     * Upper tail of the chi-square distribution, the regularized upper incomplete gamma function
     * Q(df/2, x/2): its series below a + 1 and Lentz's continued fraction above (Numerical Recipes,
     * section 6.2), with {@link #logGamma}.
     *
     * @param x  the statistic, &gt;= 0
     * @param df degrees of freedom, &gt;= 1
     * @return P(X &gt;= x)
     */
    public static double chiSquareUpperTail(double x, int df) {
        if (!(x > 0)) {
            return 1;
        }
        double a = df / 2.0;
        double z = x / 2;
        double logPrefix = a * Math.log(z) - z - logGamma(a);
        if (z < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-17; n++) {
                term *= z / (a + n);
                sum += term;
            }
            return Math.max(0, 1 - sum * Math.exp(logPrefix));
        }
        double tiny = 1e-300;
        double b = z + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(logPrefix) * h;
    }

    /** ln Gamma(a) for a &gt; 0: Lanczos' approximation (g = 7, 9 terms), about 1e-15 relative. */
    static double logGamma(double a) {
        if (a < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a); // reflection
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        double x = a - 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) {
            s += c[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
