package org.microconversions.interceptors.sink.webhook;

import org.eclipse.microprofile.config.Config;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.config.Settings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The webhook sink's settings, {@code microconversions.sink.webhook.*}, read and validated once
 * at startup. Bad values fail the startup naming the key; secrets never appear in a message.
 *
 * @param enabled   whether the sink is on
 * @param url       where conversions are POSTed
 * @param secrets   signing keys (decoded from {@code whsec_<base64>}); each signs every message
 * @param timeout   connect and request timeout
 * @param batchSize events handed to one {@code deliver} call, sent one after the other
 */
public record WebhookConfig(boolean enabled, URI url, List<byte[]> secrets, Duration timeout, int batchSize) {

    public static final String PREFIX = "microconversions.sink.webhook.";
    public static final String ENABLED = PREFIX + "enabled";
    public static final String URL = PREFIX + "url";
    public static final String SECRET = PREFIX + "secret";
    public static final String TIMEOUT = PREFIX + "timeout";
    public static final String BATCH_SIZE = PREFIX + "batch-size";

    /** Standard Webhooks: keys of 24 to 64 bytes. */
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;

    static final Set<String> KEYS = Set.of(ENABLED, URL, SECRET, TIMEOUT, BATCH_SIZE);

    /**
     * @param config the MicroProfile Config
     * @return validated settings; when disabled only {@code enabled} and unknown keys are checked
     * @throws InvalidConfigException naming the first bad key
     */
    public static WebhookConfig from(Config config) {
        List<String> unknown = ConfigKeys.unknownUnder(config, PREFIX, KEYS);
        if (!unknown.isEmpty()) {
            throw InvalidConfigException.invalid(unknown.get(0), "...",
                    "unknown webhook sink setting (misspelt?); known: " + KEYS.stream().sorted().toList());
        }
        String enabledText = raw(config, ENABLED).orElse("false").trim().toLowerCase(Locale.ROOT);
        if (!enabledText.equals("true") && !enabledText.equals("false")) {
            throw InvalidConfigException.invalid(ENABLED, enabledText, "expected true or false");
        }
        if (enabledText.equals("false")) {
            return new WebhookConfig(false, null, List.of(), Duration.ofSeconds(5), 1);
        }
        String urlText = raw(config, URL).map(String::trim).orElse("");
        URI url;
        try {
            url = URI.create(urlText);
        } catch (IllegalArgumentException e) {
            throw InvalidConfigException.invalid(URL, urlText, "not a URL");
        }
        if (urlText.isEmpty()
                || !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))
                || url.getHost() == null) {
            throw InvalidConfigException.invalid(URL, urlText,
                    "required when " + ENABLED + "=true: an http(s) URL, e.g. https://hooks.example.com/conversions");
        }
        String secretText = raw(config, SECRET).map(String::trim).orElse("");
        if (secretText.isEmpty()) {
            throw InvalidConfigException.invalid(SECRET, "", "required when " + ENABLED
                    + "=true: whsec_ followed by a base64 key of " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
                    + " bytes (several separated by spaces or commas while rotating keys)");
        }
        List<byte[]> secrets = new ArrayList<>();
        for (String s : secretText.split("[\\s,]+")) {
            secrets.add(decodeSecret(s));
        }
        Duration timeout = duration(raw(config, TIMEOUT).orElse("5s").trim());
        int batchSize;
        String batchText = raw(config, BATCH_SIZE).orElse("1").trim();
        try {
            batchSize = Integer.parseInt(batchText);
        } catch (NumberFormatException e) {
            batchSize = -1;
        }
        if (batchSize < 1 || batchSize > 100) {
            throw InvalidConfigException.invalid(BATCH_SIZE, batchText, "expected a whole number from 1 to 100");
        }
        return new WebhookConfig(true, url, List.copyOf(secrets), timeout, batchSize);
    }

    /**
     * @param secret {@code whsec_} + base64 key
     * @return the key bytes
     * @throws InvalidConfigException naming {@link #SECRET} (never showing the secret)
     */
    static byte[] decodeSecret(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw InvalidConfigException.invalid(SECRET, "<hidden>",
                    "expected whsec_ followed by a base64 key (Standard Webhooks)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        } catch (IllegalArgumentException e) {
            throw InvalidConfigException.invalid(SECRET, "<hidden>", "the part after whsec_ is not base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw InvalidConfigException.invalid(SECRET, "<hidden>", "the key is " + key.length
                    + " bytes; Standard Webhooks keys are " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes");
        }
        return key;
    }

    private static Optional<String> raw(Config config, String key) {
        return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
    }

    private static Duration duration(String v) {
        Duration d;
        try {
            boolean iso = v.startsWith("P") || v.startsWith("p");
            if (!iso && (v.endsWith("h") || v.endsWith("d"))) {
                throw new IllegalArgumentException("a webhook timeout is ms, s or m");
            }
            d = Settings.parseDuration(v);
        } catch (RuntimeException e) {
            throw InvalidConfigException.invalid(TIMEOUT, v, "expected a duration such as 500ms, 5s, 1m or PT5S");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(5)) > 0) {
            throw InvalidConfigException.invalid(TIMEOUT, v, "must be positive and at most 5m");
        }
        return d;
    }

    @Override
    public String toString() {
        return "WebhookConfig[enabled=" + enabled + ", url=" + url + ", secrets=" + secrets.size()
                + " (hidden), timeout="
                + timeout + ", batchSize=" + batchSize + "]";
    }
}
