package org.microconversions.interceptors.experiment;

import org.microconversions.api.MicroConversionEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds the configured experiments' variants to a visitor's variants.
 *
 * <p>Rule: for a configured experiment, an explicit value (header or cookie) wins only when it
 * names one of that experiment's variants (a QA override, or a shop that assigns by itself);
 * an unknown variant is replaced by the deterministic assignment. Explicit values for experiments
 * that are not configured are kept as they are. At most {@link MicroConversionEvent#MAX_ENTRIES}
 * entries are kept, explicit ones first.
 */
public final class ExperimentAssigner {

    private final Map<String, ExperimentDefinition> experiments;

    /** @param experiments the configured experiments by id */
    public ExperimentAssigner(Map<String, ExperimentDefinition> experiments) {
        this.experiments = Map.copyOf(experiments);
    }

    /** @param config the configured experiments */
    public ExperimentAssigner(ExperimentConfig config) {
        this(config.definitions());
    }

    /** @return whether any experiment is configured */
    public boolean isEmpty() {
        return experiments.isEmpty();
    }

    /**
     * @param explicit  variants from the header or cookie (never null)
     * @param visitorId the visitor id, or null (then nothing is assigned)
     * @return the variants every conversion of this request carries
     */
    public Map<String, String> merge(Map<String, String> explicit, String visitorId) {
        if (experiments.isEmpty() || visitorId == null) {
            return explicit;
        }
        if (explicit.isEmpty() && experiments.size() == 1) {
            // the common case, one experiment and no override: an immutable map, which the
            // visitor's context then keeps without copying
            ExperimentDefinition only = experiments.values().iterator().next();
            return Map.of(only.id(), Assignment.variant(only, visitorId));
        }
        Map<String, String> out = new LinkedHashMap<>(explicit);
        for (ExperimentDefinition e : experiments.values()) {
            String given = out.get(e.id());
            if (given != null && e.hasVariant(given)) {
                continue;
            }
            if (given == null && out.size() >= MicroConversionEvent.MAX_ENTRIES) {
                continue;
            }
            out.put(e.id(), Assignment.variant(e, visitorId));
        }
        return out;
    }
}
