package org.microconversions.interceptors.insights;

/**
 * CUPED (Deng, Xu, Kohavi, Walker 2013): the difference of two rates adjusted by a covariate
 * measured before the experiment, y - theta (x - mean x), theta = cov(x, y) / var(x) over both
 * variants' visitors. The adjustment removes the part of the outcome the visitor's past predicts,
 * so the same difference has a smaller variance. Without covariate variance (no pre-period data)
 * theta is 0 and the result is the plain difference, exactly.
 */
final class Cuped {

    private Cuped() {
    }

    /**
     * @param difference        variant rate - control rate, adjusted
     * @param variance          variance of that difference estimate
     * @param theta             the regression coefficient used (0: no adjustment)
     * @param plainVariance     variance of the unadjusted difference
     */
    record Estimate(double difference, double variance, double theta, double plainVariance) {
        /** @return 1 - variance / plainVariance: the share of the variance CUPED removed */
        double varianceReduction() {
            return theta == 0 ? 0 : 1 - variance / plainVariance;
        }
    }

    /**
     * @param control the control's sums (n &gt; 0)
     * @param variant the variant's sums (n &gt; 0)
     * @return the adjusted difference variant - control and its variance
     */
    static Estimate estimate(Arm control, Arm variant) {
        double plainDifference = variant.rate() - control.rate();
        double plainVariance = control.varY() / control.n + variant.varY() / variant.n;
        double n = control.n + variant.n;
        double meanX = (control.sx + variant.sx) / n;
        double meanY = (control.converted + variant.converted) / n;
        double varX = (control.sxx + variant.sxx) / n - meanX * meanX;
        double covXY = (control.sxy + variant.sxy) / n - meanX * meanY;
        // var(x) below rounding noise of its own sums: no covariate, no adjustment
        if (!(varX > 1e-12 * Math.max(1, (control.sxx + variant.sxx) / n))) {
            return new Estimate(plainDifference, plainVariance, 0, plainVariance);
        }
        double theta = covXY / varX;
        double difference = plainDifference - theta * (variant.meanX() - control.meanX());
        double variance = adjustedVariance(control, theta) / control.n + adjustedVariance(variant, theta) / variant.n;
        return new Estimate(difference, variance, theta, plainVariance);
    }

    /** var(y - theta x) within one variant: var y - 2 theta cov(x, y) + theta^2 var x, denominator n. */
    private static double adjustedVariance(Arm a, double theta) {
        double mx = a.meanX();
        double varX = a.sxx / a.n - mx * mx;
        double cov = a.sxy / a.n - mx * a.rate();
        return Math.max(0, a.varY() - 2 * theta * cov + theta * theta * varX);
    }
}
