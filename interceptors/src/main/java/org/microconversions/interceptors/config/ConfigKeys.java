package org.microconversions.interceptors.config;

import java.util.List;
import java.util.Set;

/** Every MicroProfile Config key the suite reads. One place, so typos can be detected. */
public final class ConfigKeys {

    /** Common prefix of every key. */
    public static final String PREFIX = "microconversions.";

    public static final String ENABLED = PREFIX + "enabled";
    public static final String DATASOURCE = PREFIX + "datasource";
    public static final String EXECUTOR = PREFIX + "executor";
    public static final String SCHEDULER = PREFIX + "scheduler";
    public static final String SCHEMA_MIGRATE = PREFIX + "schema.migrate";
    public static final String BATCH_SIZE = PREFIX + "batch-size";
    public static final String FLUSH_INTERVAL = PREFIX + "flush-interval";
    public static final String BATCH_LINGER = PREFIX + "batch-linger";
    public static final String BUFFER_CAPACITY = PREFIX + "buffer.capacity";
    public static final String BUFFER_OVERFLOW = PREFIX + "buffer.overflow";
    public static final String BUFFER_INLINE_WRITERS = PREFIX + "buffer.inline-writers";
    public static final String BUFFER_OVERFLOW_WAIT = PREFIX + "buffer.overflow-wait";
    public static final String STORE_STATEMENT_TIMEOUT = PREFIX + "store.statement-timeout";
    public static final String NAMES_ALLOWED = PREFIX + "names.allowed";
    public static final String VISITOR_COOKIE = PREFIX + "visitor.cookie";
    public static final String VISITOR_COOKIE_MAX_AGE = PREFIX + "visitor.cookie-max-age";
    public static final String SESSION_COOKIE = PREFIX + "session.cookie";
    public static final String SESSION_TIMEOUT = PREFIX + "session.timeout";
    public static final String CHANNEL_COOKIE = PREFIX + "channel.cookie";
    public static final String CHANNEL_MAX_AGE = PREFIX + "channel.max-age";
    public static final String VARIANTS_HEADER = PREFIX + "variants.header";
    public static final String VARIANTS_COOKIE = PREFIX + "variants.cookie";
    public static final String VARIANTS_CLIENT_OVERRIDE = PREFIX + "variants.client-override";
    public static final String HTTP_CAPTURE = PREFIX + "http.capture";
    public static final String COOKIE_SECURE = PREFIX + "cookie.secure";
    public static final String OUTBOX_POLL_INTERVAL = PREFIX + "outbox.poll-interval";
    public static final String OUTBOX_MAX_ATTEMPTS = PREFIX + "outbox.max-attempts";
    public static final String OUTBOX_BACKOFF_INITIAL = PREFIX + "outbox.backoff.initial";
    public static final String OUTBOX_BACKOFF_MAX = PREFIX + "outbox.backoff.max";
    public static final String OUTBOX_RETENTION = PREFIX + "outbox.retention";
    public static final String OUTBOX_LEASE = PREFIX + "outbox.lease";
    /** This server's name on the forwarding lease; stable across restarts, unique per server. */
    public static final String OUTBOX_INSTANCE_ID = PREFIX + "outbox.instance-id";
    public static final String COLLECT_ENABLED = PREFIX + "collect.enabled";
    public static final String COLLECT_NAMES = PREFIX + "collect.names";
    public static final String COLLECT_CONSENT = PREFIX + "collect.consent";
    public static final String COLLECT_MAX_EVENTS = PREFIX + "collect.max-events";
    public static final String COLLECT_MAX_EVENT_BYTES = PREFIX + "collect.max-event-bytes";
    public static final String COLLECT_MAX_REQUEST_BYTES = PREFIX + "collect.max-request-bytes";
    public static final String COLLECT_PAST_WINDOW = PREFIX + "collect.past-window";
    public static final String COLLECT_FUTURE_WINDOW = PREFIX + "collect.future-window";
    public static final String COLLECT_ALLOWED_ORIGINS = PREFIX + "collect.allowed-origins";
    public static final String COLLECT_RATE_VISITOR = PREFIX + "collect.rate.per-visitor";
    public static final String COLLECT_RATE_ADDRESS = PREFIX + "collect.rate.per-address";
    public static final String COLLECT_FILTER_BOTS = PREFIX + "collect.filter-bots";
    public static final String PRIVACY_USER_ID = PREFIX + "privacy.user-id";
    public static final String PRIVACY_USER_ID_SALT = PREFIX + "privacy.user-id-salt";
    public static final String PRIVACY_RETENTION = PREFIX + "privacy.retention";
    /** Conversion names whose calls wait for the commit, whatever their kind or annotation says. */
    public static final String DURABLE_NAMES = PREFIX + "durable.names";
    /** Kinds ({@code micro}, {@code macro}) durable by default; {@code macro} unless set. */
    public static final String DURABLE_KINDS = PREFIX + "durable.kinds";
    /** Longest a durable call waits for its commit. */
    public static final String DURABLE_TIMEOUT = PREFIX + "durable.timeout";
    /** Whether a durable conversion inside a JTA transaction is written in that transaction. */
    public static final String DURABLE_JOIN_TRANSACTION = PREFIX + "durable.join-transaction";
    /** Opens the insights API ({@code false} by default); validated by {@code InsightsConfig}. */
    public static final String INSIGHTS_ENABLED = PREFIX + "insights.enabled";
    /** Default macro conversion of the lift report; validated by {@code InsightsConfig}. */
    public static final String INSIGHTS_MACRO = PREFIX + "insights.macro";
    /** Longest an insights report's statement may run (then 503); validated by {@code InsightsConfig}. */
    public static final String INSIGHTS_TIMEOUT = PREFIX + "insights.timeout";

    /** Keys the suite knows today. */
    static final Set<String> KNOWN = Set.of(ENABLED, DATASOURCE, EXECUTOR, SCHEDULER, SCHEMA_MIGRATE,
            BATCH_SIZE, BATCH_LINGER, FLUSH_INTERVAL, BUFFER_CAPACITY, BUFFER_OVERFLOW, BUFFER_INLINE_WRITERS,
            BUFFER_OVERFLOW_WAIT,
            STORE_STATEMENT_TIMEOUT, NAMES_ALLOWED,
            VISITOR_COOKIE, VISITOR_COOKIE_MAX_AGE, SESSION_COOKIE, SESSION_TIMEOUT, CHANNEL_COOKIE,
            CHANNEL_MAX_AGE, VARIANTS_HEADER, VARIANTS_COOKIE, VARIANTS_CLIENT_OVERRIDE, HTTP_CAPTURE, COOKIE_SECURE,
            OUTBOX_POLL_INTERVAL, OUTBOX_MAX_ATTEMPTS, OUTBOX_BACKOFF_INITIAL, OUTBOX_BACKOFF_MAX, OUTBOX_RETENTION,
            OUTBOX_LEASE, OUTBOX_INSTANCE_ID, COLLECT_ENABLED, COLLECT_NAMES, COLLECT_CONSENT, COLLECT_MAX_EVENTS,
            COLLECT_MAX_EVENT_BYTES, COLLECT_MAX_REQUEST_BYTES, COLLECT_PAST_WINDOW, COLLECT_FUTURE_WINDOW,
            COLLECT_ALLOWED_ORIGINS, COLLECT_RATE_VISITOR, COLLECT_RATE_ADDRESS, COLLECT_FILTER_BOTS, PRIVACY_USER_ID,
            PRIVACY_USER_ID_SALT, PRIVACY_RETENTION, DURABLE_NAMES, DURABLE_KINDS, DURABLE_TIMEOUT,
            DURABLE_JOIN_TRANSACTION);

    /** Sub-trees owned by sinks, funnels and experiments: their own code validates them. */
    static final List<String> RESERVED_PREFIXES = List.of(PREFIX + "sink.", PREFIX + "funnel.",
            PREFIX + "experiment.",
            PREFIX + "insights.");

    private ConfigKeys() {
    }

    /**
     * @param key a config property name under {@link #PREFIX}
     * @return true if the suite reads it or reserves its sub-tree
     */
    public static boolean isKnown(String key) {
        return ConfigReader.isOneOf(key, KNOWN) || RESERVED_PREFIXES.stream().anyMatch(key::startsWith);
    }
}
