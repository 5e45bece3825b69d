package org.microconversions.api;

import java.util.Map;

/**
 * Who did it: everything a conversion needs from the request, captured on the request thread
 * (request-scoped beans are not active where events are persisted).
 *
 * @param visitorId pseudonymous visitor id (a random cookie value), or null
 * @param sessionId session id, or null
 * @param userId    the shop's own user id, or null
 * @param channel   where the visitor came from, or null
 * @param variants  experiment id to variant shown, never null
 * @param consent   the visitor's consent choice, never null
 * @param gpc       whether the request carried Global Privacy Control ({@code Sec-GPC: 1}): its
 *                  conversions are never forwarded to third parties
 * @since 0.1
 */
public record VisitorContext(String visitorId, String sessionId, String userId, Channel channel,
        Map<String, String> variants, Consent consent, boolean gpc) {

    /** No visitor: a conversion recorded outside any request, e.g. by a scheduled job. */
    public static final VisitorContext NONE = new VisitorContext(null, null, null, null, Map.of());

    /**
     * A visitor whose consent is unknown and who sent no Global Privacy Control.
     *
     * @param visitorId pseudonymous visitor id, or null
     * @param sessionId session id, or null
     * @param userId    the shop's own user id, or null
     * @param channel   where the visitor came from, or null
     * @param variants  experiment id to variant shown
     */
    public VisitorContext(String visitorId, String sessionId, String userId, Channel channel,
            Map<String, String> variants) {
        this(visitorId, sessionId, userId, channel, variants, Consent.UNKNOWN, false);
    }

    /**
     * Checks every value as {@link MicroConversionEvent} would and copies the variants, so a
     * visitor that cannot be stored fails where it is made (for example in a custom
     * {@code VisitorResolver}), not when a conversion is persisted.
     *
     * @throws IllegalArgumentException naming the field, if an id is empty, longer than
     *                                  {@value MicroConversionEvent#MAX_ID_LENGTH} or not
     *                                  {@linkplain StorableText storable}, or a variant breaks the
     *                                  event's bounds
     */
    public VisitorContext {
        MicroConversionEvent.checkId("visitorId", visitorId);
        MicroConversionEvent.checkId("sessionId", sessionId);
        MicroConversionEvent.checkId("userId", userId);
        consent = consent == null ? Consent.UNKNOWN : consent;
        if (variants == null || variants.isEmpty()) {
            variants = Map.of();
        } else {
            if (variants.size() > MicroConversionEvent.MAX_ENTRIES) {
                throw new IllegalArgumentException("at most " + MicroConversionEvent.MAX_ENTRIES + " variants");
            }
            variants.forEach((k, v) -> MicroConversionEvent.checkEntry("variants", k, v));
            variants = Map.copyOf(variants);
        }
    }

    /**
     * @param userId the shop's user id
     * @return a copy with this user id
     */
    public VisitorContext withUserId(String userId) {
        return new VisitorContext(visitorId, sessionId, userId, channel, variants, consent, gpc);
    }
}
