package org.microconversions.interceptors.insights;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET {appPath}/microconversions/insights/...}: funnels, channels, lift, experiments and time
 * series as JSON ({@link Replies}, written by JSON-B), for users in the role {@value #ROLE}
 * (docs/insights.md shows how Liberty maps it). Closed unless
 * {@code microconversions.insights.enabled=true}; {@link InsightsGuard} checks the switch and the
 * role in code, since Liberty ignores {@code @RolesAllowed} without {@code appSecurity}. A bad
 * parameter, an unknown id or a report that failed or ran out of time is an {@link InsightsFailure}
 * ({@link InsightsFailureMapper}: 400, 404, 500, 503 with {@code {"error": reason}}).
 */
@ApplicationScoped
@Path("microconversions/insights")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(InsightsResource.ROLE)
@InsightsApi
public class InsightsResource {

    /** The role that may read insights. */
    public static final String ROLE = "microconversions-insights";

    /** {@code goal} values one {@code experiments/{id}/goals} request may carry, repeats included. */
    static final int MAX_GOALS = 20;

    @Inject
    InsightsQueries queries;

    @GET
    @Path("funnels")
    public Replies.FunnelList funnels() {
        return Replies.FunnelList.of(queries.config().funnels().values());
    }

    @GET
    @Path("funnels/{id}")
    public Replies.Funnel funnel(@PathParam("id") String id, @BeanParam Period period, @BeanParam Segment segment) {
        FunnelDefinition f = queries.config().funnels().get(id);
        if (f == null) {
            throw InsightsFailure.notFound("no funnel '" + id + "' is configured");
        }
        EventFilter filter = segment.within(period.filter());
        return Replies.Funnel.of(report(() -> queries.funnel(f, filter)));
    }

    @GET
    @Path("channels")
    public Replies.Channels channels(@BeanParam Period period) {
        EventFilter filter = period.filter();
        return Replies.Channels.of(report(() -> queries.channels(filter)));
    }

    @GET
    @Path("lift")
    public Replies.Lift lift(@BeanParam Period period, @QueryParam("macro") String macro) {
        EventFilter filter = period.filter();
        String m = macro == null ? queries.config().macro() : name("macro", macro);
        return Replies.Lift.of(report(() -> queries.lift(m, filter)));
    }

    @GET
    @Path("experiments")
    public Replies.Experiments experiments() {
        return Replies.Experiments.of(queries.experiments().values(), queries.config().macro());
    }

    @GET
    @Path("experiments/{id}")
    public Replies.Experiment experiment(@PathParam("id") String id, @QueryParam("goal") String goal,
            @BeanParam Period period) {
        ExperimentDefinition e = experimentOf(id);
        String g = goal == null ? defaultGoals(e).get(0) : goal(e, goal);
        EventFilter filter = period.filter();
        String guardrail = guardrailOf(e); // the report leaves it out when it is the goal itself
        return Replies.Experiment.of(report(() -> queries.experiment(e, g, guardrail, filter)));
    }

    /** Several goals' reports from one read: every configured goal, or the {@code goal}s asked for, in their order. */
    @GET
    @Path("experiments/{id}/goals")
    public Replies.ExperimentGoals experimentGoals(@PathParam("id") String id, @QueryParam("goal") List<String> goal,
            @BeanParam Period period) {
        ExperimentDefinition e = experimentOf(id);
        List<String> goals;
        if (goal == null || goal.isEmpty()) {
            goals = defaultGoals(e);
        } else {
            if (goal.size() > MAX_GOALS) {
                throw InsightsFailure.badParameter("goal: at most " + MAX_GOALS + " goals in one request");
            }
            Set<String> distinct = new LinkedHashSet<>();
            for (String g : goal) {
                distinct.add(goal(e, g));
            }
            goals = List.copyOf(distinct);
        }
        EventFilter filter = period.filter();
        String guardrail = guardrailOf(e);
        return Replies.ExperimentGoals.of(e, report(() -> queries.experimentGoals(e, goals, guardrail, filter)));
    }

    private ExperimentDefinition experimentOf(String id) {
        ExperimentDefinition e = queries.experiments().get(id);
        if (e == null) {
            throw InsightsFailure.notFound("no experiment '" + id + "' is configured");
        }
        return e;
    }

    /** @return the experiment's goals, or the macro conversion when it names none */
    private List<String> defaultGoals(ExperimentDefinition e) {
        return e.goals().isEmpty() ? List.of(queries.config().macro()) : e.goals();
    }

    private static String goal(ExperimentDefinition e, String goal) {
        String g = name("goal", goal);
        if (!e.goals().isEmpty() && !e.goals().contains(g)) {
            throw InsightsFailure.badParameter("goal must be one of " + e.goals());
        }
        return g;
    }

    private String guardrailOf(ExperimentDefinition e) {
        return e.guardrail() == null ? queries.config().macro() : e.guardrail();
    }

    @GET
    @Path("timeseries")
    public Replies.TimeSeries timeseries(@QueryParam("name") String name, @BeanParam Period period) {
        String n = name == null ? null : name("name", name);
        EventFilter filter = period.filter();
        return new Replies.TimeSeries(report(() -> queries.timeseries(n, filter)));
    }

    private interface Report<T> {
        T run() throws SQLException;
    }

    /** @return the report, or an {@link InsightsFailure} saying why there is none */
    private static <T> T report(Report<T> report) {
        try {
            return report.run();
        } catch (SQLException e) {
            throw InsightsFailure.of(e);
        } catch (RuntimeException e) {
            throw InsightsFailure.failed(e);
        }
    }

    private static String name(String param, String v) {
        if (!MicroConversionEvent.isValidName(v)) {
            throw InsightsFailure.badParameter(param + " is not a valid conversion name");
        }
        return v;
    }
}
