package org.microconversions.interceptors.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversions;

import java.util.concurrent.atomic.AtomicLong;

/** A shop that passes what the visitor sent straight to the API, as real shops do. */
@ApplicationScoped
public class HostileShopBean {

    private final AtomicLong refusedDetails = new AtomicLong();

    @Inject
    MicroConversions conversions;

    /** Adds the visitor's text as an attribute; a detail that cannot be stored is left out. */
    @MicroConversion("add-to-cart")
    public String addToCart(String sku) {
        try {
            conversions.current().orElseThrow().attribute("sku", sku);
        } catch (IllegalArgumentException e) {
            refusedDetails.incrementAndGet(); // the API refused it at once, naming the field
        }
        return sku;
    }

    /** @return details the API refused (a method, not the field: the test holds a client proxy) */
    public long refusedDetails() {
        return refusedDetails.get();
    }

    /** The ordinary conversion sent after each hostile one. */
    @MicroConversion("share")
    public void share() {
        // the conversion is the call
    }
}
