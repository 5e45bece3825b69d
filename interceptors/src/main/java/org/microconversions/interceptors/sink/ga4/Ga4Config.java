package org.microconversions.interceptors.sink.ga4;

import org.eclipse.microprofile.config.Config;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.ConfigReader;
import org.microconversions.interceptors.config.ConfigSection;
import org.microconversions.interceptors.config.Configuration;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.sink.HttpSink;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
        String adPersonalization) implements HttpSink.Settings {

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
     * @throws InvalidConfigException naming every bad key
     */
    public static Ga4Config from(Config config) {
        return ConfigReader.strict(config, Ga4Config::read);
    }

    /**
     * @param r the deployment's reader, told every bad key
     * @return the settings; null when a value is bad
     */
    public static Ga4Config read(ConfigReader r) {
        int before = r.problemCount();
        r.unknownUnder(PREFIX, KEYS).forEach(key -> r.problem(key, "...",
                "unknown GA4 sink setting (misspelt?); known: " + KEYS.stream().sorted().toList()));
        Boolean enabled = r.get(ENABLED, "false", ConfigReader::bool);
        if (!Boolean.TRUE.equals(enabled)) {
            return r.problemCount() > before
                    ? null
                    : new Ga4Config(false, null, null, URI.create(DEFAULT_ENDPOINT), false, Duration.ofSeconds(5),
                            Map.of(), true, null, null);
        }
        String measurementId = r.raw(MEASUREMENT_ID).orElse("");
        if (!measurementId.matches("[A-Za-z0-9-]{1,64}")) {
            r.problem(MEASUREMENT_ID, measurementId,
                    "required when " + ENABLED + "=true: the web stream's measurement id, e.g. G-ABC123DEF4");
        }
        String apiSecret = r.raw(API_SECRET).orElse("");
        if (apiSecret.isEmpty() || !apiSecret.matches("[\\x21-\\x7e]{1,256}")) {
            r.problem(API_SECRET, apiSecret.isEmpty() ? "" : "<hidden>",
                    "required when " + ENABLED + "=true: a Measurement Protocol API secret (Admin > Data streams"
                            + " > Measurement Protocol API secrets), printable characters without spaces");
        }
        Boolean validate = r.get(VALIDATE, "false", ConfigReader::bool);
        URI endpoint = r.get(ENDPOINT, DEFAULT_ENDPOINT, v -> endpoint(v, Boolean.TRUE.equals(validate)));
        Duration timeout = r.get(TIMEOUT, "5s", ConfigReader.durationIn(Duration.ofMillis(1), MAX_TIMEOUT));
        Map<String, String> names = r.get(EVENT_NAMES, "", Ga4Config::eventNames);
        Boolean sendUserId = r.get(SEND_USER_ID, "true", ConfigReader::bool);
        String adUserData = r.get(CONSENT_AD_USER_DATA, "denied", Ga4Config::consent);
        String adPersonalization = r.get(CONSENT_AD_PERSONALIZATION, "denied", Ga4Config::consent);
        if (r.problemCount() > before) {
            return null;
        }
        return new Ga4Config(true, measurementId, apiSecret, endpoint, validate, timeout, names, sendUserId,
                adUserData, adPersonalization);
    }

    /** Longest {@link #TIMEOUT}. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private static URI endpoint(String text, boolean validate) {
        String v = text.trim();
        URI endpoint;
        try {
            endpoint = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL");
        }
        if (!("https".equalsIgnoreCase(endpoint.getScheme()) || "http".equalsIgnoreCase(endpoint.getScheme()))
                || endpoint.getHost() == null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("expected an http(s) URL without query, e.g. " + DEFAULT_ENDPOINT);
        }
        if (validate && (endpoint.getRawPath() == null || !endpoint.getRawPath().endsWith("/mp/collect"))) {
            throw new IllegalArgumentException("must end with /mp/collect when " + VALIDATE
                    + "=true, so the /debug/mp/collect variant can be derived");
        }
        return endpoint;
    }

    /**
     * @return the longest one delivery can take: one request per visitor, at most
     *         {@value Ga4Sink#MAX_EVENTS_PER_REQUEST} a batch, each up to the timeout
     */
    Duration worstCaseDelivery() {
        return timeout.multipliedBy(Ga4Sink.MAX_EVENTS_PER_REQUEST);
    }

    /** Reads the GA4 sink's settings; when enabled, checks the outbox lease against its delivery time. */
    public static final class Section extends ConfigSection.Of<Ga4Config> {
        /** For ServiceLoader. */
        public Section() {
            super(Ga4Config.class, Ga4Config::read);
        }

        @Override
        public void check(Ga4Config value, Configuration all, ConfigReader reader) {
            if (value.enabled()) {
                all.find(Settings.class).flatMap(s -> s.leaseProblem(Ga4Sink.NAME, value.worstCaseDelivery(),
                        Ga4Sink.MAX_EVENTS_PER_REQUEST + " requests x timeout " + ConfigReader.text(value.timeout())))
                        .ifPresent(reader::problem);
            }
        }
    }

    /** @return the URL events are posted to, with measurement id and API secret */
    @Override
    public URI destination() {
        return collectUri();
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

    private static String consent(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "granted" -> "GRANTED";
            case "denied" -> "DENIED";
            case "omit" -> null;
            default -> throw new IllegalArgumentException("expected granted, denied or omit");
        };
    }

    /** {@code video-play:video_play_custom, sign-up:sign_up_free}: conversion name to GA4 event name. */
    private static Map<String, String> eventNames(String text) {
        String v = text.trim();
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
                throw new IllegalArgumentException("'" + p
                        + "' is not conversion-name:ga4_event_name, e.g. video-play:video_play_custom");
            }
            String from = p.substring(0, colon).trim();
            String to = p.substring(colon + 1).trim();
            if (!MicroConversionEvent.isValidName(from)) {
                throw new IllegalArgumentException("'" + from + "' is not a valid conversion name");
            }
            String problem = Ga4Names.eventNameProblem(to);
            if (problem != null) {
                throw new IllegalArgumentException("GA4 event name '" + to + "' " + problem);
            }
            if (out.put(from, to) != null) {
                throw new IllegalArgumentException("'" + from + "' is mapped twice");
            }
        }
        return Map.copyOf(out);
    }
}
