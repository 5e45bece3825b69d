package org.microconversions.api;

import java.util.Objects;

/**
 * Where a visitor came from: UTM parameters, or the referrer when there are none.
 *
 * <p>Each part is {@code null} when unknown. A visitor who typed the address has
 * {@link #DIRECT}: source {@code (direct)}, medium {@code (none)}, as GA4 reports it.
 *
 * @param source   e.g. {@code google}, {@code newsletter}; at most 100 characters
 * @param medium   e.g. {@code cpc}, {@code email}, {@code referral}; at most 100 characters
 * @param campaign e.g. {@code spring-sale}; at most 100 characters
 * @since 0.1
 */
public record Channel(String source, String medium, String campaign) {

    /** Maximum length of each part. */
    public static final int MAX_LENGTH = 100;

    /** A visit with no UTM parameters and no external referrer. */
    public static final Channel DIRECT = new Channel("(direct)", "(none)", null);

    /**
     * Validates each part.
     *
     * @throws IllegalArgumentException if a part is longer than {@value #MAX_LENGTH} characters
     *                                  or not {@linkplain StorableText storable}
     */
    public Channel {
        check("source", source);
        check("medium", medium);
        check("campaign", campaign);
    }

    private static void check(String part, String value) {
        StorableText.require("channel " + part, value, MAX_LENGTH);
    }

    /**
     * @return true when this is {@link #DIRECT}
     */
    public boolean isDirect() {
        return Objects.equals(this, DIRECT);
    }
}
