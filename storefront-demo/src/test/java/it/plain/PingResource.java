package it.plain;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Proves the plain shop is deployed and its JAX-RS application answers. */
@Path("ping")
public class PingResource {

    @GET
    public String ping() {
        return "pong";
    }
}
