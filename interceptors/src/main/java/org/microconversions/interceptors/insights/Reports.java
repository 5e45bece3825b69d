package org.microconversions.interceptors.insights;

import java.util.List;

/** What the insights queries answer. Rates are fractions (0.25 = 25 %); null where undefined. */
public final class Reports {

    private Reports() {
    }

    /**
     * @param funnel  the funnel
     * @param entered visitors who entered the funnel (closed: did step 1; open: did any step)
     * @param steps   one row per step, in order
     */
    public record Funnel(FunnelDefinition funnel, long entered, List<FunnelStep> steps) {
    }

    /**
     * @param name                      step (conversion) name
     * @param visitors                  visitors who reached this step (see docs/insights.md)
     * @param stepRate                  visitors / visitors of the previous step; null for step 1
     * @param overallRate               visitors / visitors who entered the funnel
     * @param dropOff                   visitors of the previous step - visitors; null for step 1
     * @param medianSecondsFromPrevious median time from the previous step, over visitors who did both
     */
    public record FunnelStep(String name, long visitors, Double stepRate, Double overallRate, Long dropOff,
                             Double medianSecondsFromPrevious) {
    }

    /**
     * @param source          channel source (null when not recorded)
     * @param medium          channel medium
     * @param campaign        channel campaign
     * @param visitors        distinct visitors with a conversion from this channel
     * @param micro           micro conversions from this channel
     * @param macroVisitors   of those visitors, how many had a macro conversion from this channel
     */
    public record Channel(String source, String medium, String campaign, long visitors, long micro,
                          long macroVisitors) {
        /** @return micro conversions per visitor */
        public double microPerVisitor() {
            return visitors == 0 ? 0 : (double) micro / visitors;
        }

        /** @return share of visitors with a macro conversion */
        public double macroRate() {
            return visitors == 0 ? 0 : (double) macroVisitors / visitors;
        }
    }

    /**
     * @param macro the macro conversion name
     * @param rows  one per micro conversion name, by name
     */
    public record Lift(String macro, List<LiftRow> rows) {
    }

    /**
     * @param name            micro conversion name
     * @param visitorsWith    visitors who did it
     * @param macroWith       of them, visitors with the macro conversion
     * @param visitorsWithout visitors who did not
     * @param macroWithout    of them, visitors with the macro conversion
     * @param rateWith        macroWith / visitorsWith
     * @param rateWithout     macroWithout / visitorsWithout
     * @param difference      rateWith - rateWithout
     * @param ciLow           95 % Wald interval of the difference, low end
     * @param ciHigh          high end
     */
    public record LiftRow(String name, long visitorsWith, long macroWith, long visitorsWithout, long macroWithout,
                          Double rateWith, Double rateWithout, Double difference, Double ciLow, Double ciHigh) {
    }

    /**
     * @param experiment the experiment
     * @param goal       goal conversion name
     * @param variants   one row per variant, control first
     */
    public record Experiment(org.microconversions.interceptors.experiment.ExperimentDefinition experiment,
                             String goal, List<VariantRow> variants) {
    }

    /**
     * @param variant          variant name
     * @param visitors         visitors with a conversion carrying this variant
     * @param conversions      of them, visitors with the goal conversion carrying this variant
     * @param rate             conversions / visitors
     * @param absoluteLift     rate - control rate (null for the control)
     * @param relativeLift     absoluteLift / control rate
     * @param ciLow            (1 - alpha) Wald interval of the absolute lift, low end
     * @param ciHigh           high end
     * @param pValue           two-sided pooled two-proportion z-test against the control
     * @param significant      pValue &lt; alpha
     * @param minSampleReached visitors &gt;= the experiment's min-sample
     */
    public record VariantRow(String variant, long visitors, long conversions, Double rate, Double absoluteLift,
                             Double relativeLift, Double ciLow, Double ciHigh, Double pValue, boolean significant,
                             boolean minSampleReached) {
    }

    /**
     * @param day   UTC day, {@code yyyy-MM-dd}
     * @param name  conversion name
     * @param count conversions that day
     */
    public record Point(String day, String name, long count) {
    }
}
