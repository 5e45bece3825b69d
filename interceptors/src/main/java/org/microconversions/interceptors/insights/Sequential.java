package org.microconversions.interceptors.insights;

/**
 * Always-valid inference for the difference of two rates: the mixture sequential probability
 * ratio test (mSPRT) with a normal mixture N(0, tau^2) over the difference, as in Optimizely's
 * Stats Engine (Johari, Pekelis, Walsh, "Always Valid Inference", 2017).
 *
 * <p>With the difference estimate d and its variance V, the mixture likelihood ratio against
 * "no difference" is {@code L = sqrt(V / (V + tau^2)) exp(d^2 tau^2 / (2 V (V + tau^2)))}. Under no
 * difference L is a martingale of mean 1, so P(L ever reaches 1/alpha) &lt;= alpha (Ville): the
 * p-value {@code min over looks of 1/L} and the confidence sequence (the running intersection of
 * {@code d +/- sqrt(V (V + tau^2) / tau^2 (2 ln(1/alpha) + ln((V + tau^2) / V)))}) stay valid
 * however often, and whenever, they are read. The interval excludes 0 exactly when 1/L &lt; alpha.
 */
final class Sequential {

    /**
     * Looks start once every variant has this many visitors: the normal approximation of the
     * rates (and the plug-in variance) is poor before, and a variance near 0 would make L explode.
     */
    static final int MIN_VISITORS = 100;

    private Sequential() {
    }

    /** @return ln L for difference d with variance v under the mixture N(0, tau2) */
    static double logLikelihoodRatio(double d, double v, double tau2) {
        return 0.5 * Math.log(v / (v + tau2)) + d * d * tau2 / (2 * v * (v + tau2));
    }

    /** @return half the width of the (1 - alpha) confidence-sequence interval at variance v */
    static double halfWidth(double v, double tau2, double alpha) {
        return Math.sqrt(v * (v + tau2) / tau2 * (2 * Math.log(1 / alpha) + Math.log((v + tau2) / v)));
    }

    /**
     * The always-valid reading after a series of looks.
     *
     * @param pValue            min over looks of min(1, 1/L); 1 before the first look
     * @param low               the running intersection of the intervals, low end (-inf before a look)
     * @param high              high end
     * @param looks             looks taken (visitors after the burn-in)
     * @param decidedAtVisitors visitors of both variants at the first look with p &lt; alpha, or -1
     */
    record Reading(double pValue, double low, double high, long looks, long decidedAtVisitors) {
    }

    /** Takes looks one after the other and keeps the running minimum and intersection. */
    static final class Monitor {
        private final double tau2;
        private final double alpha;
        private final double logThreshold;
        private double pValue = 1;
        private double low = Double.NEGATIVE_INFINITY;
        private double high = Double.POSITIVE_INFINITY;
        private long looks;
        private long decidedAt = -1;

        Monitor(double tau, double alpha) {
            this.tau2 = tau * tau;
            this.alpha = alpha;
            this.logThreshold = Math.log(1 / alpha);
        }

        /**
         * @param d        difference estimate
         * @param v        its variance; a look with v = 0 is skipped (nothing can be said yet)
         * @param visitors visitors so far, for {@link Reading#decidedAtVisitors}
         */
        void look(double d, double v, long visitors) {
            if (!(v > 0)) {
                return;
            }
            looks++;
            double logL = logLikelihoodRatio(d, v, tau2);
            pValue = Math.min(pValue, logL <= 0 ? 1 : Math.exp(-logL));
            double half = halfWidth(v, tau2, alpha);
            double lo = Math.max(low, d - half);
            double hi = Math.min(high, d + half);
            if (lo <= hi) { // an empty intersection (possible, rarely) keeps the last interval
                low = lo;
                high = hi;
            }
            if (decidedAt < 0 && logL > logThreshold) {
                decidedAt = visitors;
            }
        }

        Reading reading() {
            return new Reading(pValue, low, high, looks, decidedAt);
        }
    }
}
