package org.microconversions.interceptors.record;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversions;

import java.math.BigDecimal;

/** A JAX-RS resource that is also a CDI bean, as in the storefront. */
@Path("/cart")
@RequestScoped
public class CartResource {

    @Inject
    MicroConversions conversions;

    @POST
    @MicroConversion("add-to-cart")
    public String add(String sku) {
        if (sku.equals("unknown")) {
            throw new IllegalArgumentException("no such product"); // an ExceptionMapper answers 404
        }
        return sku;
    }

    @POST
    @Path("/order")
    @MicroConversion(value = "purchase", kind = Kind.MACRO)
    public String order() {
        conversions.current().orElseThrow().value(new BigDecimal("20.00"), "EUR");
        return "ok";
    }
}
