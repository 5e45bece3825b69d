package org.microconversions.interceptors.sink.webhook;

import org.eclipse.microprofile.config.Config;
import org.microconversions.interceptors.config.ConfigReader;
import org.microconversions.interceptors.config.ConfigSection;
import org.microconversions.interceptors.config.Configuration;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.sink.HttpSink;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
public record WebhookConfig(boolean enabled, URI url, List<byte[]> secrets, Duration timeout,
        int batchSize) implements HttpSink.Settings {

    /** @return where the messages go: {@link #url()} */
    @Override
    public URI destination() {
        return url;
    }

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
     * @throws InvalidConfigException naming every bad key
     */
    public static WebhookConfig from(Config config) {
        return ConfigReader.strict(config, WebhookConfig::read);
    }

    /**
     * @param r the deployment's reader, told every bad key (never showing a secret)
     * @return the settings; null when a value is bad
     */
    public static WebhookConfig read(ConfigReader r) {
        int before = r.problemCount();
        r.unknownUnder(PREFIX, KEYS).forEach(key -> r.problem(key, "...",
                "unknown webhook sink setting (misspelt?); known: " + KEYS.stream().sorted().toList()));
        Boolean enabled = r.get(ENABLED, "false", ConfigReader::bool);
        if (!Boolean.TRUE.equals(enabled)) {
            return r.problemCount() > before
                    ? null
                    : new WebhookConfig(false, null, List.of(), Duration.ofSeconds(5), 1);
        }
        URI url = r.get(URL, "", WebhookConfig::url);
        List<byte[]> secrets = r.get(SECRET, "", WebhookConfig::secrets, v -> v.isBlank() ? "" : "<hidden>");
        Duration timeout = r.get(TIMEOUT, "5s", ConfigReader.durationIn(Duration.ofMillis(1), Duration.ofMinutes(5)));
        Integer batchSize = r.get(BATCH_SIZE, "1", ConfigReader.intIn(1, 100));
        return r.problemCount() > before ? null : new WebhookConfig(true, url, secrets, timeout, batchSize);
    }

    private static URI url(String text) {
        String v = text.trim();
        URI url;
        try {
            url = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL");
        }
        if (v.isEmpty() || !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException("required when " + ENABLED
                    + "=true: an http(s) URL, e.g. https://hooks.example.com/conversions");
        }
        return url;
    }

    private static List<byte[]> secrets(String text) {
        String v = text.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("required when " + ENABLED + "=true: whsec_ followed by a base64 key of "
                    + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
                    + " bytes (several separated by spaces or commas while rotating keys)");
        }
        List<byte[]> secrets = new ArrayList<>();
        for (String s : v.split("[\\s,]+")) {
            secrets.add(decodeSecret(s));
        }
        return List.copyOf(secrets);
    }

    /**
     * @param secret {@code whsec_} + base64 key
     * @return the key bytes
     * @throws IllegalArgumentException saying what is wrong (never showing the secret)
     */
    static byte[] decodeSecret(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("expected whsec_ followed by a base64 key (Standard Webhooks)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the part after whsec_ is not base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the key is " + key.length
                    + " bytes; Standard Webhooks keys are " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes");
        }
        return key;
    }

    /** @return the longest one delivery can take: the batch's messages one after the other, each up to the timeout */
    Duration worstCaseDelivery() {
        return timeout.multipliedBy(batchSize);
    }

    /** Reads the webhook sink's settings; when enabled, checks the outbox lease against its delivery time. */
    public static final class Section extends ConfigSection.Of<WebhookConfig> {
        /** For ServiceLoader. */
        public Section() {
            super(WebhookConfig.class, WebhookConfig::read);
        }

        @Override
        public void check(WebhookConfig value, Configuration all, ConfigReader reader) {
            if (value.enabled()) {
                all.find(Settings.class).flatMap(s -> s.leaseProblem(WebhookSink.NAME, value.worstCaseDelivery(),
                        "batch-size " + value.batchSize() + " x timeout " + ConfigReader.text(value.timeout())))
                        .ifPresent(reader::problem);
            }
        }
    }

    @Override
    public String toString() {
        return "WebhookConfig[enabled=" + enabled + ", url=" + url + ", secrets=" + secrets.size()
                + " (hidden), timeout="
                + timeout + ", batchSize=" + batchSize + "]";
    }
}
