package org.microconversions.interceptors.experiment;

import java.time.Duration;
import java.util.List;

/**
 * One experiment, from {@code microconversions.experiment.<id>.*}.
 *
 * @param id        experiment id, also the key in a conversion's variants
 * @param variants  variants with their weights, in configured order; the first is the control
 * @param alpha     significance level of the two-sided test
 * @param minSample visitors per variant before a result may be read
 * @param goals     conversion names the experiment is judged on (may be empty: any name)
 * @param sequential whether decisions come from the always-valid sequential test (else from the
 *                   fixed-horizon z-test at {@code minSample})
 * @param tau        standard deviation of the sequential test's normal mixture over the absolute
 *                   difference of the rates
 * @param cupedPrePeriod how far before a visitor's entry their conversions count as the CUPED
 *                   covariate; null: no CUPED
 * @param exposure   the conversion that exposes a visitor to the experiment; null: their first
 *                   conversion carrying a variant
 * @param guardrail  the guardrail goal; null: {@code microconversions.insights.macro}
 * @param guardrailMargin how much worse (absolute) the guardrail may get before a winner is flagged
 */
public record ExperimentDefinition(String id, List<Variant> variants, double alpha, int minSample,
        List<String> goals, boolean sequential, double tau, Duration cupedPrePeriod,
        String exposure, String guardrail, double guardrailMargin) {

    /** Default of {@link #tau}: suits differences of a few percentage points (docs/insights.md). */
    public static final double DEFAULT_TAU = 0.02;
    /** Default of {@link #guardrailMargin}: one percentage point. */
    public static final double DEFAULT_GUARDRAIL_MARGIN = 0.01;

    /** An experiment with the defaults of every setting but the ones given. */
    public ExperimentDefinition(String id, List<Variant> variants, double alpha, int minSample, List<String> goals) {
        this(id, variants, alpha, minSample, goals, true, DEFAULT_TAU, null, null, null, DEFAULT_GUARDRAIL_MARGIN);
    }

    /**
     * @param name   variant name
     * @param weight relative share of visitors, positive
     */
    public record Variant(String name, int weight) {
    }

    public ExperimentDefinition {
        variants = List.copyOf(variants);
        goals = List.copyOf(goals);
    }

    /** @return the control variant (the first one) */
    public String control() {
        return variants.get(0).name();
    }

    /**
     * @param name a variant name
     * @return whether this experiment has it
     */
    public boolean hasVariant(String name) {
        for (Variant v : variants) {
            if (v.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** @return the sum of the weights */
    public int totalWeight() {
        int t = 0;
        for (Variant v : variants) {
            t += v.weight();
        }
        return t;
    }
}
