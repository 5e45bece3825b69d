package org.microconversions.interceptors.insights;

import java.time.Duration;
import java.util.List;

/**
 * One funnel, from {@code microconversions.funnel.<id>.*}.
 *
 * @param id     funnel id
 * @param steps  distinct conversion names, in order
 * @param window longest time from the first step reached to any later step, or null for none
 * @param mode   closed (enter at step 1 only) or open (enter at any step)
 */
public record FunnelDefinition(String id, List<String> steps, Duration window, Mode mode) {

    /** Where visitors may enter. */
    public enum Mode {
        /** Only visitors who did step 1 count. */
        CLOSED,
        /** Visitors enter at the first step they did. */
        OPEN
    }

    public FunnelDefinition {
        steps = List.copyOf(steps);
    }
}
