package org.microconversions.interceptors.insights;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET {appPath}/microconversions/insights/...}: funnels, channels, lift, experiments and time
 * series as JSON, for users in the role {@value #ROLE} (docs/insights.md shows how Liberty maps it).
 * Closed unless {@code microconversions.insights.enabled=true}; {@link InsightsGuard} checks the
 * switch and the role in code, since Liberty ignores {@code @RolesAllowed} without {@code appSecurity}.
 * Thin: {@link InsightsEndpoints} holds the rules.
 */
@ApplicationScoped
@Path("microconversions/insights")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(InsightsResource.ROLE)
@InsightsApi
public class InsightsResource {

    /** The role that may read insights. */
    public static final String ROLE = "microconversions-insights";

    @Inject
    InsightsEndpoints endpoints;

    @GET
    @Path("funnels")
    public Response funnels() {
        return http(endpoints.funnels());
    }

    @GET
    @Path("funnels/{id}")
    public Response funnel(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("source") String source, @QueryParam("medium") String medium,
            @QueryParam("campaign") String campaign, @QueryParam("experiment") String experiment,
            @QueryParam("variant") String variant) {
        return http(endpoints.funnel(id, from, to, source, medium, campaign, experiment, variant));
    }

    @GET
    @Path("channels")
    public Response channels(@QueryParam("from") String from, @QueryParam("to") String to) {
        return http(endpoints.channels(from, to));
    }

    @GET
    @Path("lift")
    public Response lift(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("macro") String macro) {
        return http(endpoints.lift(from, to, macro));
    }

    @GET
    @Path("experiments")
    public Response experiments() {
        return http(endpoints.experiments());
    }

    @GET
    @Path("experiments/{id}")
    public Response experiment(@PathParam("id") String id, @QueryParam("goal") String goal,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        return http(endpoints.experiment(id, goal, from, to));
    }

    @GET
    @Path("timeseries")
    public Response timeseries(@QueryParam("name") String name, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return http(endpoints.timeseries(name, from, to));
    }

    private static Response http(InsightsEndpoints.Reply reply) {
        return Response.status(reply.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").entity(reply.json().toString()).build();
    }
}
