package org.microconversions.interceptors.insights;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.experiment.ExperimentConfig;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The insights REST API without JAX-RS: parameters in, status and JSON out, so it can be tested
 * on its own. {@link InsightsResource} maps it to HTTP. Bad parameters answer 400 with
 * {@code {"error": reason}}; unknown funnels or experiments 404.
 */
@ApplicationScoped
public class InsightsEndpoints {

    private static final Logger LOG = Logger.getLogger(InsightsEndpoints.class.getName());

    @Inject
    InsightsQueries queries;

    /**
     * @param status HTTP status
     * @param json   body
     */
    public record Reply(int status, JsonObject json) {
    }

    /** Thrown for a bad parameter; becomes a 400. */
    static final class BadParameter extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadParameter(String message) {
            super(message);
        }
    }

    /** @return {@code {"funnels":[{"id","mode","window","steps":[..]}]}} */
    public Reply funnels() {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (FunnelDefinition f : queries.config().funnels().values()) {
            a.add(Json.createObjectBuilder().add("id", f.id()).add("mode", mode(f)).add("window", window(f))
                    .add("steps", Json.createArrayBuilder(f.steps())));
        }
        return ok(Json.createObjectBuilder().add("funnels", a));
    }

    public Reply funnel(String id, String from, String to, String source, String medium, String campaign,
            String experiment, String variant) {
        return answer(() -> {
            FunnelDefinition f = queries.config().funnels().get(id);
            if (f == null) {
                return error(404, "no funnel '" + id + "' is configured");
            }
            if ((experiment == null) != (variant == null)) {
                throw new BadParameter("experiment and variant go together");
            }
            if (experiment != null && (!ExperimentConfig.ID.matcher(experiment).matches()
                    || !ExperimentConfig.VARIANT.matcher(variant).matches())) {
                throw new BadParameter("experiment or variant is not a valid id");
            }
            EventFilter filter = new EventFilter(from(from), to(to), text("source", source), text("medium", medium),
                    text("campaign", campaign), experiment, variant);
            checkRange(filter);
            Reports.Funnel r = queries.funnel(f, filter);
            JsonArrayBuilder steps = Json.createArrayBuilder();
            for (Reports.FunnelStep s : r.steps()) {
                JsonObjectBuilder o = Json.createObjectBuilder().add("name", s.name()).add("visitors", s.visitors());
                num(o, "stepRate", s.stepRate());
                num(o, "overallRate", s.overallRate());
                if (s.dropOff() == null) {
                    o.addNull("dropOff");
                } else {
                    o.add("dropOff", s.dropOff());
                }
                num(o, "medianSecondsFromPrevious", s.medianSecondsFromPrevious());
                steps.add(o);
            }
            return ok(Json.createObjectBuilder().add("funnel", f.id()).add("mode", mode(f)).add("window", window(f))
                    .add("entered", r.entered()).add("steps", steps));
        });
    }

    public Reply channels(String from, String to) {
        return answer(() -> {
            EventFilter filter = EventFilter.between(from(from), to(to));
            checkRange(filter);
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (Reports.Channel c : queries.channels(filter)) {
                JsonObjectBuilder o = Json.createObjectBuilder();
                str(o, "source", c.source());
                str(o, "medium", c.medium());
                str(o, "campaign", c.campaign());
                a.add(o.add("visitors", c.visitors()).add("microPerVisitor", c.microPerVisitor())
                        .add("macroRate", c.macroRate()));
            }
            return ok(Json.createObjectBuilder().add("channels", a));
        });
    }

    public Reply lift(String from, String to, String macro) {
        return answer(() -> {
            EventFilter filter = EventFilter.between(from(from), to(to));
            checkRange(filter);
            String m = macro == null ? queries.config().macro() : name("macro", macro);
            Reports.Lift r = queries.lift(m, filter);
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (Reports.LiftRow row : r.rows()) {
                JsonObjectBuilder o = Json.createObjectBuilder().add("name", row.name())
                        .add("visitorsWith", row.visitorsWith());
                num(o, "rateWith", row.rateWith());
                o.add("visitorsWithout", row.visitorsWithout());
                num(o, "rateWithout", row.rateWithout());
                num(o, "difference", row.difference());
                num(o, "ciLow", row.ciLow());
                num(o, "ciHigh", row.ciHigh());
                a.add(o);
            }
            return ok(Json.createObjectBuilder().add("macro", m).add("rows", a));
        });
    }

    /**
     * @return {@code {"experiments":[{"id","variants":[..],"alpha","minSample","goals":[..],"sequential",
     *         "tau","cupedPrePeriod","exposure","guardrail","guardrailMargin"}]}}
     */
    public Reply experiments() {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (ExperimentDefinition e : queries.experiments().values()) {
            JsonArrayBuilder vs = Json.createArrayBuilder();
            e.variants()
                    .forEach(v -> vs.add(Json.createObjectBuilder().add("name", v.name()).add("weight", v.weight())));
            JsonObjectBuilder o = Json.createObjectBuilder().add("id", e.id()).add("variants", vs)
                    .add("alpha", e.alpha()).add("minSample", e.minSample())
                    .add("goals", Json.createArrayBuilder(e.goals())).add("sequential", e.sequential())
                    .add("tau", e.tau());
            str(o, "cupedPrePeriod", e.cupedPrePeriod() == null ? null : e.cupedPrePeriod().toString());
            str(o, "exposure", e.exposure());
            str(o, "guardrail", e.guardrail() == null ? queries.config().macro() : e.guardrail());
            a.add(o.add("guardrailMargin", e.guardrailMargin()));
        }
        return ok(Json.createObjectBuilder().add("experiments", a));
    }

    public Reply experiment(String id, String goal, String from, String to) {
        return answer(() -> {
            ExperimentDefinition e = queries.experiments().get(id);
            if (e == null) {
                return error(404, "no experiment '" + id + "' is configured");
            }
            String g;
            if (goal == null) {
                g = e.goals().isEmpty() ? queries.config().macro() : e.goals().get(0);
            } else {
                g = name("goal", goal);
                if (!e.goals().isEmpty() && !e.goals().contains(g)) {
                    throw new BadParameter("goal must be one of " + e.goals());
                }
            }
            EventFilter filter = EventFilter.between(from(from), to(to));
            checkRange(filter);
            String guardrail = e.guardrail() == null ? queries.config().macro() : e.guardrail();
            Reports.Experiment r = queries.experiment(e, g, guardrail.equals(g) ? null : guardrail, filter);
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (Reports.VariantRow v : r.variants()) {
                JsonObjectBuilder o = Json.createObjectBuilder().add("variant", v.variant())
                        .add("visitors", v.visitors()).add("conversions", v.conversions());
                num(o, "rate", v.rate());
                num(o, "absoluteLift", v.absoluteLift());
                num(o, "relativeLift", v.relativeLift());
                num(o, "ciLow", v.ciLow());
                num(o, "ciHigh", v.ciHigh());
                num(o, "pValue", v.pValue());
                o.add("significant", v.significant()).add("minSampleReached", v.minSampleReached());
                if (v.decision() != null) { // not on the control
                    o.add("decision", v.decision());
                    o.add("sequential", sequential(v.sequential()));
                    o.add("cuped", cuped(v.cuped()));
                    o.add("guardrail", guardrail(v.guardrail()));
                }
                a.add(o);
            }
            Reports.SampleRatioCheck srm = r.srm();
            JsonObjectBuilder s = Json.createObjectBuilder();
            num(s, "chiSquare", srm.chiSquare());
            num(s, "pValue", srm.pValue());
            s.add("threshold", SampleRatio.THRESHOLD).add("flagged", srm.flagged());
            // the sample-ratio check first: while it is flagged nothing below it can be trusted
            JsonObjectBuilder out = Json.createObjectBuilder().add("srm", s).add("experiment", e.id()).add("goal", g)
                    .add("alpha", e.alpha()).add("minSample", e.minSample()).add("sequential", e.sequential())
                    .add("tau", e.tau());
            str(out, "cupedPrePeriod", e.cupedPrePeriod() == null ? null : e.cupedPrePeriod().toString());
            str(out, "exposure", e.exposure());
            str(out, "guardrail", r.guardrail());
            return ok(out.add("guardrailMargin", e.guardrailMargin()).add("variants", a));
        });
    }

    private static JsonValue sequential(Reports.AlwaysValid s) {
        if (s == null) {
            return JsonValue.NULL;
        }
        JsonObjectBuilder o = Json.createObjectBuilder().add("pValue", s.pValue());
        num(o, "ciLow", s.ciLow());
        num(o, "ciHigh", s.ciHigh());
        if (s.decidedAtVisitors() == null) {
            o.addNull("decidedAtVisitors");
        } else {
            o.add("decidedAtVisitors", s.decidedAtVisitors());
        }
        return o.build();
    }

    private static JsonValue cuped(Reports.Adjusted c) {
        return c == null
                ? JsonValue.NULL
                : Json.createObjectBuilder().add("theta", c.theta())
                        .add("varianceReduction", c.varianceReduction()).add("absoluteLift", c.absoluteLift())
                        .add("ciLow", c.ciLow()).add("ciHigh", c.ciHigh()).build();
    }

    private static JsonValue guardrail(Reports.GuardrailCheck g) {
        if (g == null) {
            return JsonValue.NULL;
        }
        JsonObjectBuilder o = Json.createObjectBuilder().add("goal", g.goal());
        num(o, "absoluteLift", g.absoluteLift());
        num(o, "ciLow", g.ciLow());
        num(o, "ciHigh", g.ciHigh());
        return o.add("margin", g.margin()).add("harmed", g.harmed()).build();
    }

    public Reply timeseries(String name, String from, String to) {
        return answer(() -> {
            String n = name == null ? null : name("name", name);
            EventFilter filter = EventFilter.between(from(from), to(to));
            checkRange(filter);
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (Reports.Point p : queries.timeseries(n, filter)) {
                a.add(Json.createObjectBuilder().add("day", p.day()).add("name", p.name()).add("count", p.count()));
            }
            return ok(Json.createObjectBuilder().add("points", a));
        });
    }

    // ------------------------------------------------------------------ helpers

    private interface Body {
        Reply get() throws SQLException;
    }

    private static Reply answer(Body body) {
        try {
            return body.get();
        } catch (BadParameter e) {
            return error(400, e.getMessage());
        } catch (SQLException e) {
            if (ReportTimeouts.isTimeout(e)) {
                LOG.log(Level.FINE, "insights report cancelled", e);
                return error(503, "the report did not finish within " + InsightsConfig.TIMEOUT
                        + "; ask for a shorter period (from, to) or raise that setting");
            }
            LOG.log(Level.WARNING, "insights query failed", e);
            return error(500, "the query failed; see the server log");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "insights query failed", e);
            return error(500, "the query failed; see the server log");
        }
    }

    private static Reply ok(JsonObjectBuilder b) {
        return new Reply(200, b.build());
    }

    static Reply error(int status, String reason) {
        return new Reply(status, Json.createObjectBuilder().add("error", reason).build());
    }

    /** {@code yyyy-MM-dd} (start of that UTC day) or an ISO-8601 instant. */
    static Instant from(String v) {
        return instant("from", v, false);
    }

    /** {@code yyyy-MM-dd} (that UTC day included: up to the next midnight) or an ISO-8601 instant (excluded). */
    static Instant to(String v) {
        return instant("to", v, true);
    }

    private static Instant instant(String param, String v, boolean endOfDay) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadParameter(param + " must be a date such as 2026-11-24 or an instant such as"
                    + " 2026-11-24T10:15:30Z");
        }
    }

    private static void checkRange(EventFilter f) {
        if (f.from() != null && f.to() != null && !f.from().isBefore(f.to())) {
            throw new BadParameter("from must be before to");
        }
    }

    private static String text(String param, String v) {
        if (v == null) {
            return null;
        }
        if (v.isEmpty() || v.length() > 100) {
            throw new BadParameter(param + " must have 1 to 100 characters");
        }
        return v;
    }

    private static String name(String param, String v) {
        if (!MicroConversionEvent.isValidName(v)) {
            throw new BadParameter(param + " is not a valid conversion name");
        }
        return v;
    }

    private static String mode(FunnelDefinition f) {
        return f.mode() == FunnelDefinition.Mode.OPEN ? "open" : "closed";
    }

    private static JsonValue window(FunnelDefinition f) {
        return f.window() == null ? JsonValue.NULL : Json.createValue(f.window().toString());
    }

    private static void num(JsonObjectBuilder o, String key, Double v) {
        if (v == null) {
            o.addNull(key);
        } else {
            o.add(key, v.doubleValue());
        }
    }

    private static void str(JsonObjectBuilder o, String key, String v) {
        if (v == null) {
            o.addNull(key);
        } else {
            o.add(key, v);
        }
    }

    /** @return the experiments, for tests */
    Map<String, ExperimentDefinition> experimentDefinitions() {
        return queries.experiments();
    }
}
