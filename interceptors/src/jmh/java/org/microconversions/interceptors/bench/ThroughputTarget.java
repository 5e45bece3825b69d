package org.microconversions.interceptors.bench;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.MicroConversion;

/** The annotated call the persistence benchmark makes N times. */
@ApplicationScoped
public class ThroughputTarget {

    /** Origin the interceptor records for {@link #addToCart()}. */
    static final String ORIGIN = "ThroughputTarget#addToCart";

    @MicroConversion("add-to-cart")
    public void addToCart() {
        // the shop's work would be here
    }
}
