package org.microconversions.interceptors.experiment;

import java.util.List;

/**
 * One experiment, from {@code microconversions.experiment.<id>.*}.
 *
 * @param id        experiment id, also the key in a conversion's variants
 * @param variants  variants with their weights, in configured order; the first is the control
 * @param alpha     significance level of the two-sided test
 * @param minSample visitors per variant before a result may be read
 * @param goals     conversion names the experiment is judged on (may be empty: any name)
 */
public record ExperimentDefinition(String id, List<Variant> variants, double alpha, int minSample,
                                   List<String> goals) {

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
