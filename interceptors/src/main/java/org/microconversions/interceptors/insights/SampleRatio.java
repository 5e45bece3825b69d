package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.util.List;

/**
 * Sample-ratio mismatch: Pearson's chi-square test of the visitors each variant got against the
 * configured weights. A split far from the weights means the assignment or the counting is broken
 * (a redirect that loses visitors, bots in one variant, a filter that drops some), and then no
 * difference between the variants can be trusted, however significant.
 */
final class SampleRatio {

    /** Flagged below this p-value: strict, because every experiment is checked at every look. */
    static final double THRESHOLD = 0.001;

    private SampleRatio() {
    }

    /**
     * @param experiment the experiment, for the weights
     * @param visitors   visitors per variant, in the experiment's order
     * @return chi-square = sum over variants of (observed - expected)^2 / expected, its p-value, flagged
     */
    static Reports.SampleRatioCheck test(ExperimentDefinition experiment, List<Long> visitors) {
        List<ExperimentDefinition.Variant> variants = experiment.variants();
        long total = 0;
        for (long v : visitors) {
            total += v;
        }
        if (total == 0) {
            return new Reports.SampleRatioCheck(null, null, false);
        }
        double chi = 0;
        for (int i = 0; i < variants.size(); i++) {
            double expected = (double) total * variants.get(i).weight() / experiment.totalWeight();
            double d = visitors.get(i) - expected;
            chi += d * d / expected;
        }
        double p = Stats.chiSquareUpperTail(chi, variants.size() - 1);
        return new Reports.SampleRatioCheck(chi, p, p < THRESHOLD);
    }
}
