package org.microconversions.interceptors.insights;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.util.List;

/**
 * What the insights queries answer. Rates are fractions (0.25 = 25 %); null where undefined. The
 * records the API writes as they are carry their JSON-B order ({@link Replies}).
 */
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
    @JsonbNillable
    @JsonbPropertyOrder({"name", "visitors", "stepRate", "overallRate", "dropOff", "medianSecondsFromPrevious"})
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
     * @param srm        the sample-ratio check of the visitor split; while flagged, no variant wins
     * @param guardrail  the guardrail goal, or null when it is the goal itself
     * @param variants   one row per variant, control first
     */
    public record Experiment(ExperimentDefinition experiment, String goal, SampleRatioCheck srm, String guardrail,
            List<VariantRow> variants) {
    }

    /**
     * @param chiSquare Pearson's statistic of the visitors per variant against the weights (null: no visitors)
     * @param pValue    its upper tail, k - 1 degrees of freedom
     * @param flagged   pValue &lt; 0.001: the split is broken, read no result
     */
    public record SampleRatioCheck(Double chiSquare, Double pValue, boolean flagged) {
    }

    /**
     * @param variant          variant name
     * @param visitors         visitors exposed to this variant (see docs/insights.md)
     * @param conversions      of them, visitors with the goal conversion carrying this variant, from their entry
     * @param rate             conversions / visitors
     * @param absoluteLift     rate - control rate (null for the control)
     * @param relativeLift     absoluteLift / control rate
     * @param ciLow            (1 - alpha) Wald interval of the absolute lift, low end
     * @param ciHigh           high end
     * @param pValue           two-sided pooled two-proportion z-test against the control (fixed horizon)
     * @param significant      pValue &lt; alpha
     * @param minSampleReached visitors &gt;= the experiment's min-sample
     * @param sequential       the always-valid reading (null for the control, or when sequential is off)
     * @param cuped            the CUPED-adjusted lift (null for the control, or without a pre-period)
     * @param guardrail        the guardrail's lift (null for the control, or without a guardrail)
     * @param decision         {@code continue}, {@code stop-better}, {@code stop-worse}, {@code no-difference}
     *                         (fixed horizon only), {@code blocked-srm} or {@code flagged-guardrail}; null
     *                         for the control
     */
    public record VariantRow(String variant, long visitors, long conversions, Double rate, Double absoluteLift,
            Double relativeLift, Double ciLow, Double ciHigh, Double pValue, boolean significant,
            boolean minSampleReached, AlwaysValid sequential, Adjusted cuped,
            GuardrailCheck guardrail, String decision) {
    }

    /**
     * @param pValue            always-valid p-value of the mSPRT (1 before the first look)
     * @param ciLow             (1 - alpha) confidence sequence of the absolute lift, low end (null before a look)
     * @param ciHigh            high end
     * @param decidedAtVisitors visitors of both variants when p first fell below alpha, or null
     */
    @JsonbNillable
    @JsonbPropertyOrder({"pValue", "ciLow", "ciHigh", "decidedAtVisitors"})
    public record AlwaysValid(double pValue, Double ciLow, Double ciHigh, Long decidedAtVisitors) {
    }

    /**
     * @param theta             the CUPED coefficient cov(pre, goal) / var(pre); 0 without pre-period data
     * @param varianceReduction 1 - variance(adjusted lift) / variance(plain lift)
     * @param absoluteLift      the adjusted absolute lift
     * @param ciLow             its (1 - alpha) Wald interval, low end
     * @param ciHigh            high end
     */
    @JsonbNillable
    @JsonbPropertyOrder({"theta", "varianceReduction", "absoluteLift", "ciLow", "ciHigh"})
    public record Adjusted(double theta, double varianceReduction, double absoluteLift, double ciLow,
            double ciHigh) {
    }

    /**
     * @param goal         the guardrail conversion
     * @param absoluteLift guardrail rate - control guardrail rate
     * @param ciLow        its interval (the confidence sequence when sequential, else Wald), low end
     * @param ciHigh       high end
     * @param margin       the non-inferiority margin
     * @param harmed       ciHigh &lt; -margin: significantly worse by more than the margin
     */
    @JsonbNillable
    @JsonbPropertyOrder({"goal", "absoluteLift", "ciLow", "ciHigh", "margin", "harmed"})
    public record GuardrailCheck(String goal, Double absoluteLift, Double ciLow, Double ciHigh, double margin,
            boolean harmed) {
    }

    /**
     * @param day   UTC day, {@code yyyy-MM-dd}
     * @param name  conversion name
     * @param count conversions that day
     */
    @JsonbNillable
    @JsonbPropertyOrder({"day", "name", "count"})
    public record Point(String day, String name, long count) {
    }
}
