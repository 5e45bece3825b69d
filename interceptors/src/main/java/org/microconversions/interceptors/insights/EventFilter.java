package org.microconversions.interceptors.insights;

import java.time.Instant;

/**
 * Which conversions a report reads. Every condition applies to each conversion (event), not to
 * the visitor: a channel or variant filter keeps the conversions recorded with that channel or
 * variant. Null means no condition.
 *
 * @param from       earliest occurred_at, inclusive
 * @param to         latest occurred_at, exclusive
 * @param source     channel source
 * @param medium     channel medium
 * @param campaign   channel campaign
 * @param experiment experiment id (with variant)
 * @param variant    variant of that experiment
 */
public record EventFilter(Instant from, Instant to, String source, String medium, String campaign,
        String experiment, String variant) {

    /** No condition. */
    public static final EventFilter ALL = new EventFilter(null, null, null, null, null, null, null);

    /**
     * @param from earliest, inclusive, or null
     * @param to   latest, exclusive, or null
     * @return a filter on time only
     */
    public static EventFilter between(Instant from, Instant to) {
        return new EventFilter(from, to, null, null, null, null, null);
    }

    /** @return a copy restricted to one experiment variant */
    public EventFilter withVariant(String experimentId, String variantName) {
        return new EventFilter(from, to, source, medium, campaign, experimentId, variantName);
    }
}
