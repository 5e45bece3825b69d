package org.microconversions.interceptors.sink.ga4;

import org.eclipse.microprofile.config.Config;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.config.Settings;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GA4 sink's settings, {@code microconversions.sink.ga4.*}, read and validated once at
 * startup. Bad values fail the startup with an {@link InvalidConfigException} naming the key;
 * the API secret never appears in a message.
 *
 * @param enabled           whether the sink is on
 * @param measurementId     the web stream's measurement id, {@code G-XXXXXXX}
 * @param apiSecret         the Measurement Protocol API secret
 * @param endpoint          the collect endpoint (without query)
 * @param validate          send to the debug endpoint and dead-letter what it reports
 * @param timeout           connect and request timeout
 * @param eventNames        conversion name to GA4 event name overrides
 * @param sendUserId        whether the shop's user id goes out as {@code user_id}
 * @param adUserData        {@code GRANTED}, {@code DENIED}, or null to send no consent field
 * @param adPersonalization {@code GRANTED}, {@code DENIED}, or null to send no consent field
 */
public record Ga4Config(boolean enabled, String measurementId, String apiSecret, URI endpoint, boolean validate,
        Duration timeout, Map<String, String> eventNames, boolean sendUserId, String adUserData,
        String adPersonalization) {

    /** Prefix of every key of this sink. */
    public static final String PREFIX = "microconversions.sink.ga4.";
    public static final String ENABLED = PREFIX + "enabled";
    public static final String MEASUREMENT_ID = PREFIX + "measurement-id";
    public static final String API_SECRET = PREFIX + "api-secret";
    public static final String ENDPOINT = PREFIX + "endpoint";
    public static final String VALIDATE = PREFIX + "validate";
    public static final String TIMEOUT = PREFIX + "timeout";
    public static final String EVENT_NAMES = PREFIX + "event-names";
    public static final String SEND_USER_ID = PREFIX + "send-user-id";
    public static final String CONSENT_AD_USER_DATA = PREFIX + "consent.ad-user-data";
    public static final String CONSENT_AD_PERSONALIZATION = PREFIX + "consent.ad-personalization";

    /** Default endpoint; EU data residency: {@code https://region1.google-analytics.com/mp/collect}. */
    public static final String DEFAULT_ENDPOINT = "https://www.google-analytics.com/mp/collect";

    static final Set<String> KEYS = Set.of(ENABLED, MEASUREMENT_ID, API_SECRET, ENDPOINT, VALIDATE, TIMEOUT,
            EVENT_NAMES, SEND_USER_ID, CONSENT_AD_USER_DATA, CONSENT_AD_PERSONALIZATION);

    /**
     * @param config the MicroProfile Config
     * @return the validated settings; when disabled only {@code enabled} and unknown keys are checked
     * @throws InvalidConfigException naming the first bad key
     */
    public static Ga4Config from(Config config) {
        List<String> unknown = ConfigKeys.unknownUnder(config, PREFIX, KEYS);
        if (!unknown.isEmpty()) {
            throw InvalidConfigException.invalid(unknown.get(0), "...",
                    "unknown GA4 sink setting (misspelt?); known: " + KEYS.stream().sorted().toList());
        }
        boolean enabled = bool(config, ENABLED, "false");
        if (!enabled) {
            return new Ga4Config(false, null, null, URI.create(DEFAULT_ENDPOINT), false, Duration.ofSeconds(5),
                    Map.of(), true, null, null);
        }
        String measurementId = raw(config, MEASUREMENT_ID).map(String::trim).orElse("");
        if (!measurementId.matches("[A-Za-z0-9-]{1,64}")) {
            throw InvalidConfigException.invalid(MEASUREMENT_ID, measurementId,
                    "required when " + ENABLED + "=true: the web stream's measurement id, e.g. G-ABC123DEF4");
        }
        String apiSecret = raw(config, API_SECRET).map(String::trim).orElse("");
        if (apiSecret.isEmpty() || !apiSecret.matches("[\\x21-\\x7e]{1,256}")) {
            throw InvalidConfigException.invalid(API_SECRET, apiSecret.isEmpty() ? "" : "<hidden>",
                    "required when " + ENABLED + "=true: a Measurement Protocol API secret (Admin > Data streams"
                            + " > Measurement Protocol API secrets), printable characters without spaces");
        }
        boolean validate = bool(config, VALIDATE, "false");
        String endpointText = raw(config, ENDPOINT).map(String::trim).orElse(DEFAULT_ENDPOINT);
        URI endpoint;
        try {
            endpoint = URI.create(endpointText);
        } catch (IllegalArgumentException e) {
            throw InvalidConfigException.invalid(ENDPOINT, endpointText, "not a URL");
        }
        if (!("https".equalsIgnoreCase(endpoint.getScheme()) || "http".equalsIgnoreCase(endpoint.getScheme()))
                || endpoint.getHost() == null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw InvalidConfigException.invalid(ENDPOINT, endpointText,
                    "expected an http(s) URL without query, e.g. " + DEFAULT_ENDPOINT);
        }
        if (validate && (endpoint.getRawPath() == null || !endpoint.getRawPath().endsWith("/mp/collect"))) {
            throw InvalidConfigException.invalid(ENDPOINT, endpointText, "must end with /mp/collect when "
                    + VALIDATE + "=true, so the /debug/mp/collect variant can be derived");
        }
        Duration timeout = duration(config, TIMEOUT, "5s");
        Map<String, String> names = eventNames(config);
        boolean sendUserId = bool(config, SEND_USER_ID, "true");
        return new Ga4Config(true, measurementId, apiSecret, endpoint, validate, timeout, names, sendUserId,
                consent(config, CONSENT_AD_USER_DATA), consent(config, CONSENT_AD_PERSONALIZATION));
    }

    /** @return the URL events are posted to, with measurement id and API secret */
    URI collectUri() {
        String path = endpoint.getRawPath();
        if (validate) {
            path = path.substring(0, path.length() - "/mp/collect".length()) + "/debug/mp/collect";
        }
        String base = endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path;
        return URI.create(base + "?measurement_id=" + enc(measurementId) + "&api_secret=" + enc(apiSecret));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Ga4Config[enabled=" + enabled + ", measurementId=" + measurementId + ", endpoint=" + endpoint
                + ", validate=" + validate + ", timeout=" + timeout + ", eventNames=" + eventNames + ", sendUserId="
                + sendUserId + ", adUserData=" + adUserData + ", adPersonalization=" + adPersonalization + "]";
    }

    private static Optional<String> raw(Config config, String key) {
        return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
    }

    private static boolean bool(Config config, String key, String def) {
        String v = raw(config, key).orElse(def).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw InvalidConfigException.invalid(key, v, "expected true or false");
        };
    }

    private static String consent(Config config, String key) {
        String v = raw(config, key).orElse("denied").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "granted" -> "GRANTED";
            case "denied" -> "DENIED";
            case "omit" -> null;
            default -> throw InvalidConfigException.invalid(key, v, "expected granted, denied or omit");
        };
    }

    static Duration duration(Config config, String key, String def) {
        String v = raw(config, key).orElse(def).trim();
        Duration d;
        try {
            d = parseDuration(v);
        } catch (RuntimeException e) {
            throw InvalidConfigException.invalid(key, v, "expected a duration such as 500ms, 5s, 1m or PT5S");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(5)) > 0) {
            throw InvalidConfigException.invalid(key, v, "must be positive and at most 5m");
        }
        return d;
    }

    static Duration parseDuration(String v) {
        return Settings.parseDuration(v);
    }

    /** {@code video-play:video_play_custom, sign-up:sign_up_free}: conversion name to GA4 event name. */
    private static Map<String, String> eventNames(Config config) {
        String v = raw(config, EVENT_NAMES).orElse("").trim();
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isEmpty()) {
            return Map.of();
        }
        for (String pair : v.split(",")) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw InvalidConfigException.invalid(EVENT_NAMES, v, "'" + p
                        + "' is not conversion-name:ga4_event_name, e.g. video-play:video_play_custom");
            }
            String from = p.substring(0, colon).trim();
            String to = p.substring(colon + 1).trim();
            if (!MicroConversionEvent.isValidName(from)) {
                throw InvalidConfigException.invalid(EVENT_NAMES, v, "'" + from + "' is not a valid conversion name");
            }
            String problem = Ga4Names.eventNameProblem(to);
            if (problem != null) {
                throw InvalidConfigException.invalid(EVENT_NAMES, v, "GA4 event name '" + to + "' " + problem);
            }
            if (out.put(from, to) != null) {
                throw InvalidConfigException.invalid(EVENT_NAMES, v, "'" + from + "' is mapped twice");
            }
        }
        return Map.copyOf(out);
    }
}
