package org.microconversions.interceptors.http;

import org.microconversions.api.Channel;
import org.microconversions.api.StorableText;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Works out where a visit came from, the way analytics tools do: UTM parameters first, then an
 * external referrer (search engines as {@code organic}, others as {@code referral}), else the
 * last non-direct channel remembered in a cookie, else direct.
 */
final class Channels {

    private static final Set<String> SEARCH_ENGINES = Set.of("google", "bing", "duckduckgo", "yahoo",
            "baidu", "yandex", "ecosia", "qwant", "startpage");

    private Channels() {
    }

    /**
     * @param utm     the request's UTM parameters, already cleaned
     * @param referer the Referer header, or null
     * @param ownHost this site's host name, to ignore internal referrers
     * @return the channel of this request, or null when it brings none (direct or internal)
     */
    static Channel fromRequest(UtmParameters utm, String referer, String ownHost) {
        if (utm.source() != null) {
            return new Channel(utm.source(), utm.medium() == null ? "(not set)" : utm.medium(), utm.campaign());
        }
        String host = refererHost(referer);
        if (host == null || host.equalsIgnoreCase(ownHost)) {
            return null;
        }
        String bare = host.startsWith("www.") ? host.substring(4) : host;
        String engine = bare.contains(".") ? bare.substring(0, bare.indexOf('.')) : bare;
        return new Channel(bare, SEARCH_ENGINES.contains(engine) ? "organic" : "referral", null);
    }

    private static String refererHost(String referer) {
        if (referer == null || referer.isBlank()) {
            return null;
        }
        try {
            String host = URI.create(referer.trim()).getHost();
            return host == null ? null : StorableText.clean(host.toLowerCase(Locale.ROOT), Channel.MAX_LENGTH);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return the channel as a cookie value */
    static String encode(Channel c) {
        return enc(c.source()) + '|' + enc(c.medium()) + '|' + enc(c.campaign());
    }

    /**
     * @return the channel in a cookie value, cleaned as a query string is (the cookie comes back
     *         from the browser and may have been forged), or null if it is malformed
     */
    static Channel decode(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split("\\|", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            String source = dec(parts[0]);
            if (source == null) {
                return null;
            }
            return new Channel(source, dec(parts[1]), dec(parts[2]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return s.isEmpty()
                ? null
                : StorableText.clean(UtmParameters.decode(s, 0, Math.min(s.length(), 2048)),
                        Channel.MAX_LENGTH);
    }
}
