package org.microconversions.interceptors.sink.kafka;

import org.eclipse.microprofile.config.Config;
import org.microconversions.interceptors.config.Settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Kafka sink's settings, read and validated once at startup. Uses no Kafka class, so it can be
 * read (and fail the deployment naming the key) even where kafka-clients is absent.
 *
 * @param enabled          {@value #ENABLED}
 * @param bootstrapServers {@value #BOOTSTRAP_SERVERS}, {@code host:port,...}; null when disabled and unset
 * @param topic            {@value #TOPIC}
 * @param deliveryTimeout  {@value #DELIVERY_TIMEOUT}: upper bound for one record, retries included
 * @param maxBatchSize     {@value #MAX_BATCH_SIZE}
 * @param producer         extra producer properties ({@value #PRODUCER_PREFIX}{@code <kafka property>}),
 *                         Kafka property name to value, sorted
 */
public record KafkaSinkSettings(boolean enabled, String bootstrapServers, String topic, Duration deliveryTimeout,
        int maxBatchSize, Map<String, String> producer) {

    /** Sub-tree of every Kafka sink key. */
    public static final String PREFIX = "microconversions.sink.kafka.";
    public static final String ENABLED = PREFIX + "enabled";
    public static final String BOOTSTRAP_SERVERS = PREFIX + "bootstrap-servers";
    public static final String TOPIC = PREFIX + "topic";
    public static final String DELIVERY_TIMEOUT = PREFIX + "delivery-timeout";
    public static final String MAX_BATCH_SIZE = PREFIX + "max-batch-size";
    /** Followed by a Kafka producer property name, e.g. {@code ...producer.security.protocol}. */
    public static final String PRODUCER_PREFIX = PREFIX + "producer.";

    static final Set<String> KNOWN = Set.of(ENABLED, BOOTSTRAP_SERVERS, TOPIC, DELIVERY_TIMEOUT, MAX_BATCH_SIZE);

    /**
     * Producer properties the sink sets itself, because its guarantees depend on them (or because a
     * sink key above sets them). Passing them through {@value #PRODUCER_PREFIX} fails startup.
     */
    static final Map<String, String> RESERVED_PRODUCER = Map.of(
            "bootstrap.servers", "use " + BOOTSTRAP_SERVERS,
            "delivery.timeout.ms", "use " + DELIVERY_TIMEOUT,
            "acks", "the sink always uses acks=all",
            "enable.idempotence", "the sink always uses an idempotent producer",
            "key.serializer", "the sink serializes keys itself",
            "value.serializer", "the sink serializes values itself",
            "transactional.id", "the sink does not use transactions");

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):[0-9]{1,5}");

    /**
     * Reads and validates every {@value #PREFIX} key.
     *
     * @param config the MicroProfile Config
     * @return the settings
     * @throws KafkaSinkConfigException naming the first bad key, or every unknown key
     */
    public static KafkaSinkSettings from(Config config) {
        var unknown = new ArrayList<String>();
        Map<String, String> producer = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PREFIX) || KNOWN.contains(name)) {
                continue;
            }
            if (name.startsWith(PRODUCER_PREFIX) && name.length() > PRODUCER_PREFIX.length()) {
                String property = name.substring(PRODUCER_PREFIX.length());
                String why = RESERVED_PRODUCER.get(property);
                String value = config.getOptionalValue(name, String.class).orElse("");
                if (why != null) {
                    throw KafkaSinkConfigException.invalid(name, shown(property, value), "not allowed: " + why);
                }
                producer.put(property, value);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            throw new KafkaSinkConfigException(unknown.get(0), "Unknown configuration " + String.join(", ", unknown)
                    + ": not a Kafka sink setting (misspelt?); known: " + new TreeSet<>(KNOWN)
                    + " and " + PRODUCER_PREFIX + "<kafka producer property>");
        }
        boolean enabled = get(config, ENABLED, "false", KafkaSinkSettings::bool);
        String servers = get(config, BOOTSTRAP_SERVERS, null, KafkaSinkSettings::servers);
        if (enabled && servers == null) {
            throw new KafkaSinkConfigException(BOOTSTRAP_SERVERS, "Missing configuration " + BOOTSTRAP_SERVERS
                    + ": required when " + ENABLED + "=true (e.g. kafka-1:9092,kafka-2:9092)");
        }
        return new KafkaSinkSettings(enabled, servers,
                get(config, TOPIC, "microconversions", KafkaSinkSettings::topic),
                get(config, DELIVERY_TIMEOUT, "30s", KafkaSinkSettings::deliveryTimeout),
                get(config, MAX_BATCH_SIZE, "500", KafkaSinkSettings::batchSize),
                Map.copyOf(producer));
    }

    private static final Pattern SECRET = Pattern.compile(".*(pass|jaas|secret|cred|token|key).*");

    /** @return the value as it may appear in a message: hidden when the property may hold a secret */
    static String shown(String producerProperty, String value) {
        return SECRET.matcher(producerProperty.toLowerCase(Locale.ROOT)).matches() ? "[hidden]" : value;
    }

    private static <T> T get(Config config, String key, String defaultValue, Function<String, T> parse) {
        Optional<String> raw = config.getOptionalValue(key, String.class);
        String value = raw.orElse(defaultValue);
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (RuntimeException e) {
            throw KafkaSinkConfigException.invalid(key, value, e.getMessage());
        }
    }

    static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    static String servers(String v) {
        String[] parts = v.split(",");
        var out = new ArrayList<String>(parts.length);
        for (String p : parts) {
            String s = p.trim();
            if (!HOST_PORT.matcher(s).matches() || Integer.parseInt(s.substring(s.lastIndexOf(':') + 1)) > 65535) {
                throw new IllegalArgumentException("expected host:port[,host:port...], e.g. kafka-1:9092");
            }
            out.add(s);
        }
        return String.join(",", out);
    }

    static String topic(String v) {
        String t = v.trim();
        if (!TOPIC_NAME.matcher(t).matches() || t.equals(".") || t.equals("..")) {
            throw new IllegalArgumentException("expected a Kafka topic name: [a-zA-Z0-9._-], 1 to 249 characters");
        }
        return t;
    }

    static Duration deliveryTimeout(String v) {
        Duration d = parseDuration(v.trim());
        if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("expected a duration from 100ms to 10m");
        }
        return d;
    }

    static int batchSize(String v) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("expected a whole number from 1 to 10000");
        }
        return n;
    }

    /** Same formats as the suite's other durations: {@code 500ms}, {@code 2s}, {@code 30m}, {@code 12h}, ISO-8601. */
    static Duration parseDuration(String v) {
        return Settings.parseDuration(v);
    }
}
