package org.microconversions.api;

/**
 * The visitor's consent choice, as the consent cookie ({@code mc_consent}) records it. Recorded
 * with every conversion (attribute {@value MicroConversionEvent#CONSENT_ATTRIBUTE}), so a sink
 * can pass it on: GA4 receives it as the event's {@code consent} fields.
 *
 * @since 0.1
 */
public enum Consent {
    /** The visitor accepted. */
    GRANTED("granted"),
    /** The visitor refused. */
    DENIED("denied"),
    /** Not asked yet, or no consent cookie. */
    UNKNOWN(null);

    private final String value;

    Consent(String value) {
        this.value = value;
    }

    /** @return {@code granted} or {@code denied}, as stored; null when unknown */
    public String value() {
        return value;
    }

    /**
     * @param value a stored or cookie value, may be null
     * @return the consent it names; {@link #UNKNOWN} for anything else
     */
    public static Consent of(String value) {
        if ("granted".equals(value)) {
            return GRANTED;
        }
        if ("denied".equals(value)) {
            return DENIED;
        }
        return UNKNOWN;
    }
}
