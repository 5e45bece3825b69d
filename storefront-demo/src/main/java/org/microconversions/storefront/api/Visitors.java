package org.microconversions.storefront.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.microconversions.api.VisitorContext;
import org.microconversions.spi.VisitorResolver;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who is asking: the visitor id the Micro Conversions filter assigned (cookie {@code mc_vid}),
 * so the shop's cart and the recorded conversions share one key.
 */
@ApplicationScoped
public class Visitors {

    /** The cookie the Micro Conversions filter sets. */
    public static final String COOKIE = "mc_vid";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    @Inject
    Instance<VisitorResolver> resolver;

    /**
     * @param cookie the {@code mc_vid} cookie of the request, or null
     * @return the visitor id: the one the filter captured (also on a first request, before the
     * browser sends the cookie back), else the cookie, else a throw-away id (no state is kept
     * for a client that sends no cookies)
     */
    public String id(String cookie) {
        if (resolver.isResolvable()) {
            VisitorContext visitor = resolver.get().current();
            if (visitor != null && visitor.visitorId() != null) {
                return visitor.visitorId();
            }
        }
        if (cookie != null && SAFE.matcher(cookie).matches()) {
            return cookie;
        }
        return "anonymous-" + UUID.randomUUID();
    }

    /**
     * @param cookie the {@code mc_vid} cookie, or null
     * @return the visitor id if the request carries one, else null
     */
    public String known(String cookie) {
        String id = id(cookie);
        return id.startsWith("anonymous-") ? null : id;
    }
}
