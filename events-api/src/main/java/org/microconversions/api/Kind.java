package org.microconversions.api;

/**
 * Whether a conversion is a small step towards the sale or the sale itself.
 *
 * @since 0.1
 */
public enum Kind {
    /** A small action that signals buying intent: add-to-cart, newsletter sign-up, video play. */
    MICRO,
    /** The conversion the business exists for, usually {@code purchase}. */
    MACRO;

    /**
     * @return the lowercase label used in metrics and storage ({@code micro}, {@code macro})
     */
    public String label() {
        return this == MICRO ? "micro" : "macro";
    }
}
