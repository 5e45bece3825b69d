package com.example.shop;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.microconversions.api.MicroConversion;

/** One annotated JAX-RS method: every 2xx answer is one conversion "newsletter-signup". */
@Path("/newsletter")
@RequestScoped
public class NewsletterResource {

    @POST
    @MicroConversion("newsletter-signup")
    public Response signUp() {
        return Response.noContent().build();
    }
}
