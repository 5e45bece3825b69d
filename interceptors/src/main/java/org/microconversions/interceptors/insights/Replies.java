package org.microconversions.interceptors.insights;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The JSON of the insights API, as records JSON-B writes: every property in the order listed, and
 * null where a figure is undefined (never left out). Shapes: docs/insights.md.
 */
public final class Replies {

    private Replies() {
    }

    @JsonbNillable
    public record Reason(String error) {
    }

    public record FunnelList(List<FunnelInfo> funnels) {
        static FunnelList of(Collection<FunnelDefinition> funnels) {
            return new FunnelList(funnels.stream().map(f -> new FunnelInfo(f.id(), modeOf(f), windowOf(f), f.steps()))
                    .toList());
        }
    }

    @JsonbNillable
    @JsonbPropertyOrder({"id", "mode", "window", "steps"})
    public record FunnelInfo(String id, String mode, String window, List<String> steps) {
    }

    @JsonbNillable
    @JsonbPropertyOrder({"funnel", "mode", "window", "entered", "steps"})
    public record Funnel(String funnel, String mode, String window, long entered, List<Reports.FunnelStep> steps) {
        static Funnel of(Reports.Funnel r) {
            FunnelDefinition f = r.funnel();
            return new Funnel(f.id(), modeOf(f), windowOf(f), r.entered(), r.steps());
        }
    }

    public record Channels(List<Channel> channels) {
        static Channels of(List<Reports.Channel> channels) {
            return new Channels(channels.stream().map(c -> new Channel(c.source(), c.medium(), c.campaign(),
                    c.visitors(), c.microPerVisitor(), c.macroRate())).toList());
        }
    }

    @JsonbNillable
    @JsonbPropertyOrder({"source", "medium", "campaign", "visitors", "microPerVisitor", "macroRate"})
    public record Channel(String source, String medium, String campaign, long visitors, double microPerVisitor,
            double macroRate) {
    }

    @JsonbPropertyOrder({"macro", "rows"})
    public record Lift(String macro, List<LiftRow> rows) {
        static Lift of(Reports.Lift r) {
            return new Lift(r.macro(), r.rows().stream().map(w -> new LiftRow(w.name(), w.visitorsWith(),
                    w.rateWith(), w.visitorsWithout(), w.rateWithout(), w.difference(), w.ciLow(), w.ciHigh()))
                    .toList());
        }
    }

    @JsonbNillable
    @JsonbPropertyOrder({"name", "visitorsWith", "rateWith", "visitorsWithout", "rateWithout", "difference", "ciLow",
            "ciHigh"})
    public record LiftRow(String name, long visitorsWith, Double rateWith, long visitorsWithout, Double rateWithout,
            Double difference, Double ciLow, Double ciHigh) {
    }

    public record Experiments(List<ExperimentInfo> experiments) {
        static Experiments of(Collection<ExperimentDefinition> experiments, String macro) {
            return new Experiments(experiments.stream().map(e -> new ExperimentInfo(e.id(), e.variants(), e.alpha(),
                    e.minSample(), e.goals(), e.sequential(), e.tau(), text(e.cupedPrePeriod()), e.exposure(),
                    e.guardrail() == null ? macro : e.guardrail(), e.guardrailMargin())).toList());
        }
    }

    @JsonbNillable
    @JsonbPropertyOrder({"id", "variants", "alpha", "minSample", "goals", "sequential", "tau", "cupedPrePeriod",
            "exposure", "guardrail", "guardrailMargin"})
    public record ExperimentInfo(String id, List<ExperimentDefinition.Variant> variants, double alpha, int minSample,
            List<String> goals, boolean sequential, double tau, String cupedPrePeriod, String exposure,
            String guardrail, double guardrailMargin) {
    }

    /** The sample-ratio check first: while it is flagged nothing below it can be trusted. */
    @JsonbNillable
    @JsonbPropertyOrder({"srm", "experiment", "goal", "alpha", "minSample", "sequential", "tau", "cupedPrePeriod",
            "exposure", "guardrail", "guardrailMargin", "variants"})
    public record Experiment(Srm srm, String experiment, String goal, double alpha, int minSample,
            boolean sequential, double tau, String cupedPrePeriod, String exposure, String guardrail,
            double guardrailMargin, List<Object> variants) {
        static Experiment of(Reports.Experiment r) {
            ExperimentDefinition e = r.experiment();
            Reports.SampleRatioCheck s = r.srm();
            List<Object> variants = r.variants().stream().map(Experiment::variant).toList();
            return new Experiment(new Srm(s.chiSquare(), s.pValue(), SampleRatio.THRESHOLD, s.flagged()),
                    e.id(), r.goal(), e.alpha(), e.minSample(), e.sequential(), e.tau(), text(e.cupedPrePeriod()),
                    e.exposure(), r.guardrail(), e.guardrailMargin(), variants);
        }

        private static Object variant(Reports.VariantRow v) {
            Control c = new Control(v.variant(), v.visitors(), v.conversions(), v.rate(), v.absoluteLift(),
                    v.relativeLift(), v.ciLow(), v.ciHigh(), v.pValue(), v.significant(), v.minSampleReached());
            return v.decision() == null ? c : new Variant(c, v.decision(), v.sequential(), v.cuped(), v.guardrail());
        }
    }

    /** Each goal's report, as {@link Experiment}, in the order asked for. */
    @JsonbPropertyOrder({"experiment", "goals"})
    public record ExperimentGoals(String experiment, List<Experiment> goals) {
        static ExperimentGoals of(ExperimentDefinition e, List<Reports.Experiment> reports) {
            return new ExperimentGoals(e.id(), reports.stream().map(Experiment::of).toList());
        }
    }

    @JsonbNillable
    @JsonbPropertyOrder({"chiSquare", "pValue", "threshold", "flagged"})
    public record Srm(Double chiSquare, Double pValue, double threshold, boolean flagged) {
    }

    /** The control's row: no comparison with itself. */
    @JsonbNillable
    @JsonbPropertyOrder({"variant", "visitors", "conversions", "rate", "absoluteLift", "relativeLift", "ciLow",
            "ciHigh", "pValue", "significant", "minSampleReached"})
    public record Control(String variant, long visitors, long conversions, Double rate, Double absoluteLift,
            Double relativeLift, Double ciLow, Double ciHigh, Double pValue, boolean significant,
            boolean minSampleReached) {
    }

    /** Another variant's row: the control's figures, then the decision and the readings behind it. */
    @JsonbNillable
    @JsonbPropertyOrder({"variant", "visitors", "conversions", "rate", "absoluteLift", "relativeLift", "ciLow",
            "ciHigh", "pValue", "significant", "minSampleReached", "decision", "sequential", "cuped", "guardrail"})
    public record Variant(String variant, long visitors, long conversions, Double rate, Double absoluteLift,
            Double relativeLift, Double ciLow, Double ciHigh, Double pValue, boolean significant,
            boolean minSampleReached, String decision, Reports.AlwaysValid sequential, Reports.Adjusted cuped,
            Reports.GuardrailCheck guardrail) {
        Variant(Control c, String decision, Reports.AlwaysValid sequential, Reports.Adjusted cuped,
                Reports.GuardrailCheck guardrail) {
            this(c.variant(), c.visitors(), c.conversions(), c.rate(), c.absoluteLift(), c.relativeLift(), c.ciLow(),
                    c.ciHigh(), c.pValue(), c.significant(), c.minSampleReached(), decision, sequential, cuped,
                    guardrail);
        }
    }

    public record TimeSeries(List<Reports.Point> points) {
    }

    private static String modeOf(FunnelDefinition f) {
        return f.mode() == FunnelDefinition.Mode.OPEN ? "open" : "closed";
    }

    private static String windowOf(FunnelDefinition f) {
        return text(f.window());
    }

    private static String text(Duration d) {
        return d == null ? null : d.toString();
    }
}
