package org.microconversions.interceptors.insights;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.util.function.BooleanSupplier;

/**
 * Who may read insights, checked in code. Open Liberty ignores {@code @RolesAllowed} when the
 * server has no {@code appSecurity} feature, so the annotation alone would hand the reports to
 * anyone. The guard answers, before the resource runs:
 * <ul>
 *   <li>404 (as if the API were absent) unless {@code microconversions.insights.enabled=true};</li>
 *   <li>401 when nobody is authenticated (always the case without {@code appSecurity});</li>
 *   <li>403 when the caller is not in the role {@value InsightsResource#ROLE}.</li>
 * </ul>
 * Every insights response, these and the reports, carries {@code Cache-Control: no-store}.
 */
@Provider
@InsightsApi
@Priority(Priorities.AUTHORIZATION)
public class InsightsGuard implements ContainerRequestFilter, ContainerResponseFilter {

    /** The request may go on to the resource. */
    static final int ALLOW = 0;

    private volatile BooleanSupplier enabled;

    /** For the JAX-RS runtime: reads {@code microconversions.insights.enabled} from the suite's CDI beans. */
    public InsightsGuard() {
    }

    InsightsGuard(BooleanSupplier enabled) {
        this.enabled = enabled;
    }

    /**
     * @param enabled  {@code microconversions.insights.enabled}
     * @param security the caller, as the container authenticated it
     * @param role     the role the caller needs
     * @return {@link #ALLOW}, or the status to answer with: 404, 401 or 403
     */
    static int decide(boolean enabled, SecurityContext security, String role) {
        if (!enabled) {
            return 404;
        }
        if (security == null || security.getUserPrincipal() == null) {
            return 401;
        }
        return security.isUserInRole(role) ? ALLOW : 403;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        int status = decide(enabled().getAsBoolean(), request.getSecurityContext(), InsightsResource.ROLE);
        if (status == ALLOW) {
            return;
        }
        Response.ResponseBuilder r = Response.status(status).header("Cache-Control", "no-store");
        if (status == 401) {
            r.type(MediaType.APPLICATION_JSON_TYPE).entity("{\"error\":\"sign in as a user in role "
                    + InsightsResource.ROLE + "\"}");
        } else if (status == 403) {
            r.type(MediaType.APPLICATION_JSON_TYPE)
                    .entity("{\"error\":\"needs the role " + InsightsResource.ROLE + "\"}");
        }
        request.abortWith(r.build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("Cache-Control", "no-store");
    }

    private BooleanSupplier enabled() {
        BooleanSupplier e = enabled;
        if (e == null) {
            InsightsQueries queries = CDI.current().select(InsightsQueries.class).get();
            e = () -> queries.config().enabled();
            enabled = e;
        }
        return e;
    }
}
