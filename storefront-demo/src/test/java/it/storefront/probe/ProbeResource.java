package it.storefront.probe;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** Test-only endpoints under /api/test-probe that drive {@link RollbackProbe}. Not annotated itself. */
@RequestScoped
@Path("/test-probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    @Inject
    RollbackProbe probe;

    @POST
    @Path("commit")
    public Map<String, Object> commit() {
        return Map.of("committed", true, "inTransaction", probe.commit());
    }

    @POST
    @Path("rollback")
    public Map<String, Object> rollback() {
        try {
            probe.rollback();
            return Map.of("rolledBack", false);
        } catch (ProbeRollback expected) {
            return Map.of("rolledBack", true);
        }
    }

    @POST
    @Path("durable-commit")
    public Map<String, Object> durableCommit() {
        probe.durableCommit();
        return Map.of("committed", true);
    }

    @POST
    @Path("durable-rollback")
    public Map<String, Object> durableRollback() {
        try {
            probe.durableRollback();
            return Map.of("rolledBack", false);
        } catch (ProbeRollback expected) {
            return Map.of("rolledBack", true);
        }
    }
}
