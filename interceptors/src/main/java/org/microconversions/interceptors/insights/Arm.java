package org.microconversions.interceptors.insights;

/**
 * Running sums of one variant's visitors: y is the outcome (1 if the visitor converted on the
 * goal, else 0), x the CUPED covariate (the visitor's pre-period conversions; 0 without
 * pre-period data). Sums, not rows, so the sequential test can look after every visitor in
 * constant time.
 */
final class Arm {

    long n;
    long converted;
    double sx;
    double sxx;
    double sxy;

    void add(boolean y, double x) {
        n++;
        if (y) {
            converted++;
            sxy += x;
        }
        sx += x;
        sxx += x * x;
    }

    double rate() {
        return (double) converted / n;
    }

    double meanX() {
        return sx / n;
    }

    /** Variance of the 0/1 outcome, denominator n. */
    double varY() {
        double p = rate();
        return p * (1 - p);
    }
}
