package org.microconversions.api;

import java.util.Optional;

/**
 * The experiment variant the current visitor sees, so the shop can render it. Inject it:
 *
 * <pre>{@code
 * @Inject Experiments experiments;
 *
 * String layout = experiments.variant("checkout_layout").orElse("control");
 * }</pre>
 *
 * <p>Experiments are configured with {@code microconversions.experiment.<id>.variants}. A visitor
 * is assigned deterministically from a hash of the experiment id and the visitor id, so the
 * variant is sticky for as long as the visitor cookie lives, and every conversion the visitor
 * records carries it in its variants.
 *
 * @since 0.1
 */
public interface Experiments {

    /**
     * @param experimentId a configured experiment id
     * @return the variant of the current visitor, or empty when the experiment is not configured
     *         or there is no current visitor (outside a request)
     */
    Optional<String> variant(String experimentId);
}
