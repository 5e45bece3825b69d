package org.microconversions.interceptors.record;

import jakarta.enterprise.context.RequestScoped;
import org.microconversions.api.MicroConversion;

/** Class-level binding on a request-scoped bean: every business method records. */
@RequestScoped
@MicroConversion
public class WishlistBean {

    public void addToWishlist() {
    }

    @MicroConversion("wishlist-share")
    public void share() {
    }
}
