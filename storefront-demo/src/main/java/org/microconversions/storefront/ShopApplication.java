package org.microconversions.storefront;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The shop's REST API lives under {@code /api}. */
@ApplicationPath("/api")
public class ShopApplication extends Application {
}
