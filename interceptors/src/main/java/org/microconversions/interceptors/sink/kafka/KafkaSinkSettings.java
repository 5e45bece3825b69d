package org.microconversions.interceptors.sink.kafka;

import org.eclipse.microprofile.config.Config;
import org.microconversions.interceptors.config.ConfigReader;
import org.microconversions.interceptors.config.ConfigSection;
import org.microconversions.interceptors.config.Configuration;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.config.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
     * @throws InvalidConfigException naming every bad key, and every unknown key
     */
    public static KafkaSinkSettings from(Config config) {
        return ConfigReader.strict(config, KafkaSinkSettings::read);
    }

    /**
     * @param r the deployment's reader, told every bad key
     * @return the settings; null when a value is bad
     */
    public static KafkaSinkSettings read(ConfigReader r) {
        int before = r.problemCount();
        var unknown = new ArrayList<String>();
        Map<String, String> producer = new TreeMap<>();
        for (String name : r.unknownUnder(PREFIX, KNOWN)) {
            if (name.startsWith(PRODUCER_PREFIX) && name.length() > PRODUCER_PREFIX.length()) {
                String property = name.substring(PRODUCER_PREFIX.length());
                String why = RESERVED_PRODUCER.get(property);
                String value = r.get(name, "", v -> v);
                if (why != null) {
                    r.problem(name, shown(property, value), "not allowed: " + why);
                }
                producer.put(property, value);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            r.problem(InvalidConfigException.of(unknown.get(0), "Unknown configuration " + String.join(", ", unknown)
                    + ": not a Kafka sink setting (misspelt?); known: " + new TreeSet<>(KNOWN)
                    + " and " + PRODUCER_PREFIX + "<kafka producer property>"));
        }
        Boolean enabled = r.get(ENABLED, "false", ConfigReader::bool);
        String servers = r.get(BOOTSTRAP_SERVERS, null, KafkaSinkSettings::servers);
        if (Boolean.TRUE.equals(enabled) && servers == null && r.raw(BOOTSTRAP_SERVERS).isEmpty()) {
            r.problem(InvalidConfigException.of(BOOTSTRAP_SERVERS, "Missing configuration " + BOOTSTRAP_SERVERS
                    + ": required when " + ENABLED + "=true (e.g. kafka-1:9092,kafka-2:9092)"));
        }
        String topic = r.get(TOPIC, "microconversions", KafkaSinkSettings::topic);
        Duration deliveryTimeout = r.get(DELIVERY_TIMEOUT, "30s",
                ConfigReader.durationIn(Duration.ofMillis(100), Duration.ofMinutes(10)));
        Integer maxBatchSize = r.get(MAX_BATCH_SIZE, "500", ConfigReader.intIn(1, 10_000));
        return r.problemCount() > before
                ? null
                : new KafkaSinkSettings(enabled, servers, topic, deliveryTimeout, maxBatchSize, Map.copyOf(producer));
    }

    /**
     * @return the longest one delivery can take, about {@code max.block.ms} + {@code delivery-timeout}
     *         (docs/sinks.md)
     */
    Duration worstCaseDelivery() {
        long maxBlock = Math.min(10_000, deliveryTimeout.toMillis());
        try {
            maxBlock = Long.parseLong(producer.getOrDefault("max.block.ms", Long.toString(maxBlock)).trim());
        } catch (NumberFormatException e) {
            // reported by the producer's own validation
        }
        return Duration.ofMillis(maxBlock).plus(deliveryTimeout);
    }

    /**
     * Reads the Kafka sink's settings. When it is enabled, checks that kafka-clients is there, that
     * Kafka accepts the producer properties, and the outbox lease against its delivery time.
     */
    public static final class Section extends ConfigSection.Of<KafkaSinkSettings> {
        /** For ServiceLoader. */
        public Section() {
            super(KafkaSinkSettings.class, KafkaSinkSettings::read);
        }

        @Override
        public void check(KafkaSinkSettings value, Configuration all, ConfigReader reader) {
            if (!value.enabled()) {
                return;
            }
            if (!KafkaSinkRegistration.kafkaClientsPresent(KafkaSinkSettings.class.getClassLoader())) {
                reader.problem(InvalidConfigException.of(ENABLED, ENABLED + "=true, but kafka-clients is not on the"
                        + " application's class path: add org.apache.kafka:kafka-clients to the WAR (WEB-INF/lib)"));
                return;
            }
            try {
                KafkaSender.producerConfig(value); // loads kafka-clients, present as just checked
            } catch (InvalidConfigException e) {
                reader.problem(e);
            }
            all.find(Settings.class).flatMap(s -> s.leaseProblem(KafkaSink.NAME, value.worstCaseDelivery(),
                    "max.block.ms + delivery-timeout")).ifPresent(reader::problem);
        }
    }

    private static final Pattern SECRET = Pattern.compile(".*(pass|jaas|secret|cred|token|key).*");

    /** @return the value as it may appear in a message: hidden when the property may hold a secret */
    static String shown(String producerProperty, String value) {
        return SECRET.matcher(producerProperty.toLowerCase(Locale.ROOT)).matches() ? "[hidden]" : value;
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
}
