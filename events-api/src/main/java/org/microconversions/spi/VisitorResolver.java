package org.microconversions.spi;

import org.microconversions.api.VisitorContext;

/**
 * Tells who the current visitor is. The default resolver reads what the suite's HTTP filter
 * captured from the request (visitor cookie, session, UTM parameters, referrer, variants).
 * A shop replaces it with a CDI alternative, e.g. to add its logged-in user id:
 *
 * <pre>{@code
 * @Alternative @Priority(1) @ApplicationScoped
 * public class ShopVisitors implements VisitorResolver {
 *     @Inject DefaultVisitors http;   // or your own logic
 *     public VisitorContext current() { ... }
 * }
 * }</pre>
 *
 * <p>Called on the thread that records the conversion, once per conversion: keep it cheap and
 * never throw.
 *
 * @since 0.1
 */
public interface VisitorResolver {

    /**
     * @return the current visitor, or {@link VisitorContext#NONE} outside a request
     */
    VisitorContext current();
}
