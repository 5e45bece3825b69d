package org.microconversions.interceptors.collect;

import org.microconversions.api.VisitorContext;

/**
 * What the collect endpoint needs from one HTTP request, captured by the JAX-RS resource.
 *
 * @param body          the raw body, at most the configured limit plus one byte
 * @param contentType   the Content-Type header, or null
 * @param visitor       who sent it (from the visitor cookies)
 * @param userAgent     the User-Agent header, or null; used only to filter bots, never stored
 * @param clientAddress the peer address; used only for the rate limit, kept in memory, never stored
 * @param consentCookie value of the consent cookie, or null
 * @param gpc           whether the request carried {@code Sec-GPC: 1}
 * @param origin        the Origin header, or null
 * @param ownOrigin     this server's origin as the request addressed it
 */
record CollectRequest(byte[] body, String contentType, VisitorContext visitor, String userAgent,
        String clientAddress, String consentCookie, boolean gpc, String origin, String ownOrigin) {
}
