package org.microconversions.interceptors.insights;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.microconversions.interceptors.experiment.ExperimentDefinition;
import org.microconversions.interceptors.insights.Journeys.Ev;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every figure of every report equals the same figure computed independently ({@link Oracle})
 * over seeded generated journeys: counts exactly, rates, medians and statistics to 1e-9. Run on
 * Apache Derby and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InsightsContract {

    static final double EPS = 1e-9;
    static final long SEED = 20261124L;
    static final int VISITORS = 4000;

    protected abstract DataSource freshDatabase() throws Exception;

    private TestContainer container;
    private InsightsQueries queries;
    private InsightsClient endpoints;
    private List<Ev> events;
    private ExperimentDefinition layout;

    @BeforeAll
    void seed() throws Exception {
        DataSource db = freshDatabase();
        container = TestContainer.builder(db)
                .config("microconversions.funnel.checkout.steps", String.join(",", Journeys.STEPS))
                .config("microconversions.funnel.checkout.window", "24h")
                .config("microconversions.funnel.open-checkout.steps", String.join(",", Journeys.STEPS))
                .config("microconversions.funnel.open-checkout.window", "24h")
                .config("microconversions.funnel.open-checkout.mode", "open")
                .config("microconversions.funnel.unbounded.steps", "view-product,add-to-cart,purchase")
                .config("microconversions.experiment.layout.variants", "control:50,b:50")
                .config("microconversions.experiment.layout.goals", "add-to-cart,purchase")
                .config("microconversions.experiment.layout.min-sample", "1500")
                .start();
        container.bean(JdbcEventStore.class).prepare(); // migrations, with the insights indexes
        queries = container.bean(InsightsQueries.class);
        endpoints = new InsightsClient(container.bean(InsightsResource.class));
        layout = queries.experiments().get("layout");
        events = Journeys.generate(SEED, VISITORS, layout);
        Journeys.insert(db, events);
    }

    /** @return the reports over the seeded conversions */
    InsightsQueries queries() {
        return queries;
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    private static final Instant FROM = Instant.parse("2026-11-04T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-15T12:00:00Z");
    /** Whole days, which PostgreSQL's time series reads from its daily count ledger. */
    static final Instant DAY_AFTER_TO = Instant.parse("2026-11-16T00:00:00Z");

    private List<EventFilter> filters() {
        return List.of(EventFilter.ALL, EventFilter.between(FROM, TO),
                new EventFilter(null, null, "google", null, null, null, null),
                new EventFilter(FROM, null, "google", "cpc", "black_friday", null, null),
                new EventFilter(null, TO, null, null, null, "layout", "b"),
                new EventFilter(null, null, null, null, null, "promo_x", "a_1"));
    }

    @Test
    void funnelsMatchTheDefinition() throws Exception {
        int checked = 0;
        for (FunnelDefinition f : queries.config().funnels().values()) {
            for (EventFilter filter : filters()) {
                Oracle.FunnelFigures want = Oracle.funnel(events, f, filter);
                Reports.Funnel got = queries.funnel(f, filter);
                String as = f.id() + " " + filter;
                assertThat(got.entered()).as(as).isEqualTo(want.entered());
                for (int k = 0; k < f.steps().size(); k++) {
                    Reports.FunnelStep s = got.steps().get(k);
                    assertThat(s.name()).isEqualTo(f.steps().get(k));
                    assertThat(s.visitors()).as(as + " step " + k).isEqualTo(want.visitors()[k]);
                    assertThat(s.overallRate()).as(as).isCloseTo((double) want.visitors()[k] / want.entered(),
                            within(EPS));
                    if (k == 0) {
                        assertThat(s.stepRate()).isNull();
                        assertThat(s.dropOff()).isNull();
                        assertThat(s.medianSecondsFromPrevious()).isNull();
                    } else {
                        assertThat(s.stepRate()).as(as).isCloseTo((double) want.visitors()[k] / want.visitors()[k - 1],
                                within(EPS));
                        assertThat(s.dropOff()).as(as).isEqualTo(want.visitors()[k - 1] - want.visitors()[k]);
                        assertThat(s.medianSecondsFromPrevious()).as(as + " median " + k)
                                .isCloseTo(want.medians()[k], within(EPS));
                    }
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(18);
    }

    @Test
    void theDataExercisesTheRules() throws Exception {
        // guards against a generator that would make the funnel trivial
        FunnelDefinition closed = queries.config().funnels().get("checkout");
        FunnelDefinition open = queries.config().funnels().get("open-checkout");
        FunnelDefinition noWindow = new FunnelDefinition("x", closed.steps(), null, FunnelDefinition.Mode.CLOSED);
        Oracle.FunnelFigures c = Oracle.funnel(events, closed, EventFilter.ALL);
        Oracle.FunnelFigures o = Oracle.funnel(events, open, EventFilter.ALL);
        Oracle.FunnelFigures w = Oracle.funnel(events, noWindow, EventFilter.ALL);
        assertThat(o.entered()).isGreaterThan(c.entered());
        assertThat(w.visitors()[3]).isGreaterThan(c.visitors()[3]); // the window cuts some journeys
        assertThat(c.visitors()[3]).isGreaterThan(100);
        FunnelDefinition reversed = new FunnelDefinition("r", reverse(closed.steps()), closed.window(),
                FunnelDefinition.Mode.CLOSED);
        // order matters: few visitors purchase before viewing
        assertThat(queries.funnel(reversed, EventFilter.ALL).steps().get(3).visitors())
                .isEqualTo(Oracle.funnel(events, reversed, EventFilter.ALL).visitors()[3])
                .isLessThan(c.visitors()[3]);
    }

    @Test
    void channelsMatch() throws Exception {
        for (EventFilter filter : List.of(EventFilter.ALL, EventFilter.between(FROM, TO))) {
            Map<List<String>, long[]> want = Oracle.channels(events, filter);
            List<Reports.Channel> got = queries.channels(filter);
            assertThat(got).hasSize(want.size());
            long previous = Long.MAX_VALUE;
            for (Reports.Channel c : got) {
                long[] w = want.get(Arrays.asList(c.source(), c.medium(), c.campaign()));
                assertThat(w).as(c.toString()).isNotNull();
                assertThat(new long[]{c.visitors(), c.micro(), c.macroVisitors()}).as(c.toString()).containsExactly(w);
                assertThat(c.microPerVisitor()).isCloseTo((double) w[1] / w[0], within(EPS));
                assertThat(c.macroRate()).isCloseTo((double) w[2] / w[0], within(EPS));
                assertThat(c.visitors()).isLessThanOrEqualTo(previous);
                previous = c.visitors();
            }
        }
    }

    @Test
    void liftMatches() throws Exception {
        for (EventFilter filter : List.of(EventFilter.ALL, EventFilter.between(FROM, TO))) {
            Map<String, long[]> want = Oracle.lift(events, "purchase", filter);
            Reports.Lift got = queries.lift("purchase", filter);
            assertThat(got.rows()).extracting(Reports.LiftRow::name).containsExactlyElementsOf(want.keySet());
            for (Reports.LiftRow r : got.rows()) {
                long[] w = want.get(r.name());
                assertThat(new long[]{r.visitorsWith(), r.macroWith(), r.visitorsWithout(), r.macroWithout()})
                        .as(r.name()).containsExactly(w);
                double rw = (double) w[1] / w[0];
                double rwo = (double) w[3] / w[2];
                assertThat(r.rateWith()).isCloseTo(rw, within(EPS));
                assertThat(r.rateWithout()).isCloseTo(rwo, within(EPS));
                assertThat(r.difference()).isCloseTo(rw - rwo, within(EPS));
                double[] ci = Oracle.interval(w[3], w[2], w[1], w[0], 0.05);
                assertThat(r.ciLow()).isCloseTo(ci[0], within(EPS));
                assertThat(r.ciHigh()).isCloseTo(ci[1], within(EPS));
            }
        }
    }

    @Test
    void experimentMatchesTheZTest() throws Exception {
        for (String goal : List.of("add-to-cart", "purchase", "share")) {
            for (EventFilter filter : List.of(EventFilter.ALL, EventFilter.between(FROM, TO))) {
                Map<String, long[]> want = Oracle.experiment(events, layout, goal, filter);
                Reports.Experiment got = queries.experiment(layout, goal, filter);
                long[] c = want.get("control");
                long[] b = want.get("b");
                Reports.VariantRow control = got.variants().get(0);
                Reports.VariantRow vb = got.variants().get(1);
                assertThat(control.variant()).isEqualTo("control");
                assertThat(new long[]{control.visitors(), control.conversions()}).containsExactly(c);
                assertThat(new long[]{vb.visitors(), vb.conversions()}).containsExactly(b);
                assertThat(control.absoluteLift()).isNull();
                assertThat(control.pValue()).isNull();
                double pc = (double) c[1] / c[0];
                double pb = (double) b[1] / b[0];
                assertThat(vb.rate()).isCloseTo(pb, within(EPS));
                assertThat(vb.absoluteLift()).isCloseTo(pb - pc, within(EPS));
                assertThat(vb.relativeLift()).isCloseTo((pb - pc) / pc, within(EPS));
                double p = Oracle.pValue(c[1], c[0], b[1], b[0]);
                assertThat(vb.pValue()).as(goal).isCloseTo(p, within(EPS));
                assertThat(vb.significant()).isEqualTo(p < 0.05);
                double[] ci = Oracle.interval(c[1], c[0], b[1], b[0], 0.05);
                assertThat(vb.ciLow()).isCloseTo(ci[0], within(EPS));
                assertThat(vb.ciHigh()).isCloseTo(ci[1], within(EPS));
                assertThat(vb.minSampleReached()).isEqualTo(b[0] >= 1500);
                assertThat(control.minSampleReached()).isEqualTo(c[0] >= 1500);
            }
        }
        // the generator makes b better on add-to-cart: the data must show it
        assertThat(queries.experiment(layout, "add-to-cart", EventFilter.ALL).variants().get(1).significant()).isTrue();
    }

    /**
     * The sequential test, CUPED, the sample-ratio check and the guardrail equal the oracle's
     * replay of the visitors it derives from the raw conversions, for the configured experiment
     * and for the same one entered at the exposure (view-product) with a 3-day CUPED pre-period.
     */
    @Test
    void experimentReadingsMatchTheOracleReplay() throws Exception {
        ExperimentDefinition exposed = new ExperimentDefinition("layout", layout.variants(), 0.05, 1500,
                layout.goals(), true, 0.02, Duration.ofDays(3), "view-product", null, 0.01);
        boolean sawPrePeriod = false;
        boolean sawTheta = false;
        for (ExperimentDefinition x : List.of(layout, exposed)) {
            for (String goal : List.of("add-to-cart", "proceed-to-checkout")) {
                for (EventFilter filter : List.of(EventFilter.ALL, EventFilter.between(FROM, TO))) {
                    String as = (x.exposure() == null ? "entry at any conversion" : "exposure") + " " + goal + " "
                            + filter;
                    List<ExperimentOracle.Row> rows = Oracle.exposedVisitors(events, x, goal, "purchase", filter);
                    sawPrePeriod |= rows.stream().anyMatch(r -> r.pre() > 0);
                    Reports.Experiment got = queries.experiment(x, goal, "purchase", filter);
                    long[] n = new long[2];
                    long[] converted = new long[2];
                    rows.forEach(r -> {
                        n[r.variant()]++;
                        converted[r.variant()] += r.goal() ? 1 : 0;
                    });
                    for (int i = 0; i < 2; i++) {
                        assertThat(got.variants().get(i).visitors()).as(as).isEqualTo(n[i]);
                        assertThat(got.variants().get(i).conversions()).as(as).isEqualTo(converted[i]);
                    }
                    assertThat(got.srm().pValue()).as(as).isCloseTo(ExperimentOracle.srmPValue(n, x), within(EPS));
                    boolean intervals = filter == EventFilter.ALL && goal.equals("add-to-cart"); // slow in the oracle
                    ExperimentOracle.Result want = ExperimentOracle.compare(rows, 1, x, intervals);
                    Reports.VariantRow b = got.variants().get(1);
                    assertThat(b.sequential().pValue()).as(as).isCloseTo(want.seqP(), within(EPS));
                    assertThat(b.sequential().decidedAtVisitors()).as(as)
                            .isEqualTo(want.decidedAt() < 0 ? null : want.decidedAt());
                    assertThat(b.guardrail().absoluteLift()).as(as).isCloseTo(want.guardLift(), within(EPS));
                    if (intervals) {
                        assertThat(b.sequential().ciLow()).as(as).isCloseTo(want.seqLow(), within(EPS));
                        assertThat(b.sequential().ciHigh()).as(as).isCloseTo(want.seqHigh(), within(EPS));
                        assertThat(b.guardrail().ciLow()).as(as).isCloseTo(want.guardLow(), within(EPS));
                        assertThat(b.guardrail().ciHigh()).as(as).isCloseTo(want.guardHigh(), within(EPS));
                    }
                    if (x.cupedPrePeriod() == null) {
                        assertThat(b.cuped()).isNull();
                    } else {
                        sawTheta |= b.cuped().theta() != 0;
                        assertThat(b.cuped().theta()).as(as).isCloseTo(want.theta(), within(EPS));
                        assertThat(b.cuped().varianceReduction()).as(as).isCloseTo(want.reduction(), within(EPS));
                        assertThat(b.cuped().absoluteLift()).as(as).isCloseTo(want.cupedLift(), within(EPS));
                        assertThat(b.cuped().ciLow()).as(as).isCloseTo(want.cupedLow(), within(EPS));
                        assertThat(b.cuped().ciHigh()).as(as).isCloseTo(want.cupedHigh(), within(EPS));
                    }
                }
            }
        }
        assertThat(sawPrePeriod).as("some visitors converted in their pre-period").isTrue();
        assertThat(sawTheta).as("CUPED adjusted something").isTrue();
        // entering at the exposure leaves out visitors who never viewed a product
        assertThat(queries.experiment(exposed, "add-to-cart", EventFilter.ALL).variants().get(0).visitors())
                .isLessThan(queries.experiment(layout, "add-to-cart", EventFilter.ALL).variants().get(0).visitors());
    }

    /**
     * The goals read together answer what each goal answers alone, to the last bit: for the
     * configured experiment and for the one entered at the exposure with a CUPED pre-period,
     * whose pre-period is counted per goal in one scan too.
     */
    @Test
    void goalsReadTogetherEqualEachGoalReadAlone() throws Exception {
        ExperimentDefinition exposed = new ExperimentDefinition("layout", layout.variants(), 0.05, 1500,
                layout.goals(), true, 0.02, Duration.ofDays(3), "view-product", null, 0.01);
        List<String> goals = List.of("proceed-to-checkout", "add-to-cart", "purchase");
        for (ExperimentDefinition x : List.of(layout, exposed)) {
            for (EventFilter filter : List.of(EventFilter.ALL, EventFilter.between(FROM, TO))) {
                List<Reports.Experiment> together = queries.experimentGoals(x, goals, "purchase", filter);
                assertThat(together).extracting(Reports.Experiment::goal).containsExactlyElementsOf(goals);
                for (int g = 0; g < goals.size(); g++) {
                    String goal = goals.get(g);
                    String guardrail = goal.equals("purchase") ? null : "purchase";
                    assertThat(together.get(g)).as("%s %s %s", x.exposure(), goal, filter)
                            .isEqualTo(queries.experiment(x, goal, guardrail, filter));
                }
                assertThat(together.get(2).guardrail()).as("a goal is not its own guardrail").isNull();
            }
        }
        assertThat(queries.experimentGoals(exposed, goals, "purchase", EventFilter.ALL).get(1).variants().get(1)
                .cuped().theta()).as("the shared pre-period scan counted something").isNotZero();
    }

    @Test
    void restAnswersEveryGoalOfAnExperimentInOneReply() {
        JsonObject all = endpoints.experimentGoals("layout", List.of(), null, null).json();
        assertThat(all.keySet()).containsExactly("experiment", "goals");
        assertThat(all.getString("experiment")).isEqualTo("layout");
        assertThat(all.getJsonArray("goals")).extracting(j -> j.asJsonObject().getString("goal"))
                .as("the configured goals, in their order").containsExactly("add-to-cart", "purchase");
        JsonObject asked = endpoints.experimentGoals("layout", List.of("purchase", "add-to-cart", "purchase"),
                "2026-11-04", "2026-11-15").json();
        assertThat(asked.getJsonArray("goals")).hasSize(2);
        assertThat(asked.getJsonArray("goals").getJsonObject(0))
                .isEqualTo(endpoints.experiment("layout", "purchase", "2026-11-04", "2026-11-15").json());
        assertThat(asked.getJsonArray("goals").getJsonObject(1))
                .isEqualTo(endpoints.experiment("layout", "add-to-cart", "2026-11-04", "2026-11-15").json());
    }

    @Test
    void timeseriesMatches() throws Exception {
        for (String name : Arrays.asList(null, "add-to-cart")) {
            for (EventFilter filter : List.of(EventFilter.ALL, EventFilter.between(FROM, TO),
                    EventFilter.between(FROM, DAY_AFTER_TO), EventFilter.between(null, FROM),
                    EventFilter.between(DAY_AFTER_TO, null))) {
                Map<String, Long> want = Oracle.timeseries(events, name, filter);
                Map<String, Long> got = new HashMap<>();
                List<Reports.Point> points = queries.timeseries(name, filter);
                points.forEach(p -> got.put(p.day() + "|" + p.name(), p.count()));
                assertThat(got).isEqualTo(want);
                assertThat(points).extracting(p -> p.day() + "|" + p.name()).isSorted();
            }
        }
    }

    @Test
    void restAnswersTheContractShapes() {
        InsightsClient.Reply r = endpoints.funnel("checkout", "2026-11-04", "2026-11-15", null, null, null,
                "layout", "b");
        assertThat(r.status()).isEqualTo(200);
        JsonObject o = r.json();
        assertThat(o.getString("funnel")).isEqualTo("checkout");
        assertThat(o.getString("mode")).isEqualTo("closed");
        assertThat(o.getString("window")).isEqualTo("PT24H");
        assertThat(o.getJsonArray("steps")).hasSize(4);
        JsonObject first = o.getJsonArray("steps").getJsonObject(0);
        assertThat(first.isNull("stepRate")).isTrue();
        assertThat(first.isNull("medianSecondsFromPrevious")).isTrue();
        Oracle.FunnelFigures want = Oracle.funnel(events, queries.config().funnels().get("checkout"),
                new EventFilter(Instant.parse("2026-11-04T00:00:00Z"), Instant.parse("2026-11-16T00:00:00Z"),
                        null, null, null, "layout", "b"));
        assertThat(o.getJsonArray("steps").getJsonObject(2).getJsonNumber("visitors").longValue())
                .isEqualTo(want.visitors()[2]);
        assertThat(o.getJsonArray("steps").getJsonObject(2).getJsonNumber("dropOff").longValue())
                .isEqualTo(want.visitors()[1] - want.visitors()[2]);

        JsonObject funnels = endpoints.funnels().json();
        assertThat(funnels.getJsonArray("funnels")).hasSize(3);

        JsonObject ch = endpoints.channels(null, null).json();
        assertThat(ch.getJsonArray("channels").getJsonObject(0).keySet())
                .containsExactlyInAnyOrder("source", "medium", "campaign", "visitors", "microPerVisitor", "macroRate");

        JsonObject lift = endpoints.lift(null, null, null).json();
        assertThat(lift.getString("macro")).isEqualTo("purchase");
        assertThat(lift.getJsonArray("rows").getJsonObject(0).keySet()).containsExactlyInAnyOrder("name",
                "visitorsWith", "rateWith", "visitorsWithout", "rateWithout", "difference", "ciLow", "ciHigh");

        JsonObject x = endpoints.experiment("layout", null, null, null).json();
        assertThat(x.getString("goal")).isEqualTo("add-to-cart");
        assertThat(x.getJsonNumber("alpha").doubleValue()).isEqualTo(0.05);
        assertThat(x.getInt("minSample")).isEqualTo(1500);
        JsonObject control = x.getJsonArray("variants").getJsonObject(0);
        assertThat(control.isNull("absoluteLift")).isTrue();
        assertThat(control.isNull("relativeLift")).isTrue();
        assertThat(x.getJsonArray("variants").getJsonObject(1).keySet()).containsExactlyInAnyOrder("variant",
                "visitors", "conversions", "rate", "absoluteLift", "relativeLift", "ciLow", "ciHigh", "pValue",
                "significant", "minSampleReached", "decision", "sequential", "cuped", "guardrail");
        assertThat(x.keySet().iterator().next()).as("the sample-ratio check comes first").isEqualTo("srm");
        assertThat(endpoints.experiments().json().getJsonArray("experiments")).hasSize(1);
        JsonObject listed = endpoints.experiments().json().getJsonArray("experiments").getJsonObject(0);
        assertThat(listed.getBoolean("sequential")).isTrue();
        assertThat(listed.getJsonNumber("tau").doubleValue()).isEqualTo(0.02);
        assertThat(listed.isNull("cupedPrePeriod")).isTrue();
        assertThat(listed.isNull("exposure")).isTrue();
        assertThat(listed.getString("guardrail")).isEqualTo("purchase");
        assertThat(listed.getJsonNumber("guardrailMargin").doubleValue()).isEqualTo(0.01);
        assertThat(x.getString("guardrail")).isEqualTo("purchase");
        assertThat(x.getJsonObject("srm").getBoolean("flagged")).isFalse();
        JsonObject b = x.getJsonArray("variants").getJsonObject(1);
        assertThat(b.getJsonObject("sequential").keySet()).containsExactly("pValue", "ciLow", "ciHigh",
                "decidedAtVisitors");
        assertThat(b.isNull("cuped")).as("no pre-period configured").isTrue();
        assertThat(b.getJsonObject("guardrail").getString("goal")).isEqualTo("purchase");
        assertThat(b.getString("decision")).isIn("continue", "stop-better", "stop-worse");

        JsonObject ts = endpoints.timeseries("add-to-cart", "2026-11-05", "2026-11-05").json();
        assertThat(ts.getJsonArray("points")).isNotEmpty().allSatisfy(p -> {
            assertThat(p.asJsonObject().getString("day")).isEqualTo("2026-11-05");
            assertThat(p.asJsonObject().getString("name")).isEqualTo("add-to-cart");
        });
    }

    @Test
    void badParametersAnswer400WithAReason() {
        assertBad(endpoints.funnel("checkout", "yesterday", null, null, null, null, null, null), "from");
        assertBad(endpoints.funnel("checkout", "2026-11-10", "2026-11-01", null, null, null, null, null), "before");
        assertBad(endpoints.funnel("checkout", null, null, null, null, null, "layout", null), "together");
        assertBad(endpoints.funnel("checkout", null, null, null, null, null, "Lay out", "b"), "experiment");
        assertBad(endpoints.funnel("checkout", null, null, "x".repeat(101), null, null, null, null), "source");
        assertBad(endpoints.channels(null, "2026-13-01"), "to");
        assertBad(endpoints.lift(null, null, "Not A Name"), "macro");
        assertBad(endpoints.experiment("layout", "share", null, null), "goal");
        assertBad(endpoints.timeseries("bad name", null, null), "name");
        assertThat(endpoints.funnel("nope", null, null, null, null, null, null, null).status()).isEqualTo(404);
        assertThat(endpoints.experiment("nope", null, null, null).status()).isEqualTo(404);
        assertBad(endpoints.experimentGoals("layout", List.of("add-to-cart", "share"), null, null), "goal");
        assertBad(endpoints.experimentGoals("layout", List.of("Not A Name"), null, null), "goal");
        assertBad(endpoints.experimentGoals("layout", java.util.Collections.nCopies(21, "purchase"), null, null),
                "at most 20");
        assertBad(endpoints.experimentGoals("layout", List.of("purchase"), "2026-11-10", "2026-11-01"), "before");
        assertThat(endpoints.experimentGoals("nope", List.of(), null, null).status()).isEqualTo(404);
    }

    private static List<String> reverse(List<String> steps) {
        List<String> r = new java.util.ArrayList<>(steps);
        java.util.Collections.reverse(r);
        return r;
    }

    private static void assertBad(InsightsClient.Reply r, String mentions) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().getString("error")).contains(mentions);
    }

}
