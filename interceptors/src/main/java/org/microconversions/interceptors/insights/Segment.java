package org.microconversions.interceptors.insights;

import jakarta.ws.rs.QueryParam;
import org.microconversions.interceptors.experiment.ExperimentConfig;

/**
 * The funnel's further query parameters: the channel ({@code source}, {@code medium},
 * {@code campaign}, 1 to 100 characters each) and one experiment's variant ({@code experiment}
 * with {@code variant}) the conversions were recorded with.
 */
public class Segment {

    @QueryParam("source")
    String source;

    @QueryParam("medium")
    String medium;

    @QueryParam("campaign")
    String campaign;

    @QueryParam("experiment")
    String experiment;

    @QueryParam("variant")
    String variant;

    /**
     * @param period the conversions of the period
     * @return those of them in this segment
     * @throws InsightsFailure (400) naming the bad parameter
     */
    EventFilter within(EventFilter period) {
        if ((experiment == null) != (variant == null)) {
            throw InsightsFailure.badParameter("experiment and variant go together");
        }
        if (experiment != null && (!ExperimentConfig.ID.matcher(experiment).matches()
                || !ExperimentConfig.VARIANT.matcher(variant).matches())) {
            throw InsightsFailure.badParameter("experiment or variant is not a valid id");
        }
        return new EventFilter(period.from(), period.to(), text("source", source), text("medium", medium),
                text("campaign", campaign), experiment, variant);
    }

    private static String text(String param, String v) {
        if (v != null && (v.isEmpty() || v.length() > 100)) {
            throw InsightsFailure.badParameter(param + " must have 1 to 100 characters");
        }
        return v;
    }
}
