package org.microconversions.storefront.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.microconversions.api.Experiments;
import org.microconversions.storefront.shop.ShopException;

import java.util.Map;

/**
 * The experiment variant the current visitor sees, so the page can render it
 * ({@code GET /api/experiments/product_layout} answers {@code {"experiment":"product_layout","variant":"gallery"}}).
 * The assignment is the library's ({@link Experiments}): deterministic per visitor cookie, and the
 * same variant every conversion of this visitor carries.
 */
@RequestScoped
@Path("experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {

    /** The demo's experiment: product page "classic" or "gallery" (server.xml). */
    public static final String PRODUCT_LAYOUT = "product_layout";

    @Inject
    Experiments experiments;

    @GET
    @Path("{id}")
    public Response variant(@PathParam("id") String id) {
        String variant = experiments.variant(id)
                .orElseThrow(() -> ShopException.notFound("no experiment '" + id + "' for this visitor"));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(Map.of("experiment", id, "variant", variant)).cacheControl(noStore).build();
    }
}
