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
 * @since 0.1
 */
public record VisitorContext(String visitorId, String sessionId, String userId, Channel channel,
                             Map<String, String> variants) {

    /** No visitor: a conversion recorded outside any request, e.g. by a scheduled job. */
    public static final VisitorContext NONE = new VisitorContext(null, null, null, null, Map.of());

    /** Copies the variants. */
    public VisitorContext {
        variants = variants == null ? Map.of() : Map.copyOf(variants);
    }

    /**
     * @param userId the shop's user id
     * @return a copy with this user id
     */
    public VisitorContext withUserId(String userId) {
        return new VisitorContext(visitorId, sessionId, userId, channel, variants);
    }
}
