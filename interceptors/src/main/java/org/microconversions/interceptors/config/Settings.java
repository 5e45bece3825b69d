package org.microconversions.interceptors.config;

import org.eclipse.microprofile.config.Config;
import org.microconversions.api.Durability;
import org.microconversions.api.Kind;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.microconversions.interceptors.config.ConfigKeys.*;

/**
 * All settings, read and validated once at startup. Nothing on the call path reads Config.
 *
 * @param enabled          {@code microconversions.enabled}
 * @param dataSource       JNDI name of the DataSource
 * @param executor         JNDI name of the managed executor the observer runs on
 * @param scheduler        JNDI name of the managed scheduled executor for the periodic flush
 * @param migrateSchema    whether to create and upgrade the schema at startup
 * @param batchSize        events per JDBC batch
 * @param flushInterval    period of the safety-net flush and of retries after a store failure
 * @param bufferCapacity   events held in memory before the overflow policy applies
 * @param overflow         what to do when the buffer is full
 * @param allowedNames     when non-empty, the only names that may be recorded
 * @param http             cookie and header names for visitor capture
 * @param outbox           forwarding to sinks
 * @param collect          the browser collect endpoint
 * @param privacy          user ids and retention
 * @param statementTimeout longest any library SQL statement may run (JDBC query timeout, whole seconds)
 * @param inlineWriters    durable conversions that may write their own row at once when the buffer is full
 * @param overflowWait     longest an overflowing call waits for a batch being written before it
 *                         writes its own row instead
 * @param batchLinger      longest the drain waits for a batch to fill before it writes what it has
 * @param durable          which conversions wait for their commit, and for how long
 */
public record Settings(boolean enabled, String dataSource, String executor, String scheduler,
        boolean migrateSchema, int batchSize, Duration flushInterval, int bufferCapacity,
        OverflowPolicy overflow, Set<String> allowedNames, HttpSettings http,
        OutboxSettings outbox, CollectSettings collect, PrivacySettings privacy,
        Duration statementTimeout, int inlineWriters, Duration overflowWait, Duration batchLinger,
        DurableSettings durable) {

    /**
     * Which conversions the recording call waits for until they are committed.
     *
     * @param names           names that are always durable
     * @param kinds           kinds durable unless the annotation says {@code BUFFERED}
     * @param timeout         longest a call waits; then it returns and the wait is counted
     * @param joinTransaction whether a durable conversion inside a JTA transaction is written in it
     */
    public record DurableSettings(Set<String> names, Set<Kind> kinds, Duration timeout,
            JoinTransaction joinTransaction) {

        /**
         * @param name       the conversion name
         * @param kind       its kind
         * @param durability what the annotation or the programmatic call asked for
         * @return whether calls recording it wait for the commit
         */
        public boolean durable(String name, Kind kind, Durability durability) {
            return durability == Durability.DURABLE || names.contains(name)
                    || (durability == Durability.BY_KIND && kinds.contains(kind));
        }
    }

    /** Whether a durable conversion recorded inside a JTA transaction is written in that transaction. */
    public enum JoinTransaction {
        /** When the library's data source is an XA data source (it can always be enlisted). */
        AUTO,
        /** Always: the shop's own tables are in the library's data source, or it is XA. */
        ALWAYS,
        /** Never: written by the pipeline after the commit, the call waits for that. */
        NEVER;

        static JoinTransaction parse(String v) {
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "true" -> ALWAYS;
                case "false" -> NEVER;
                default -> throw new IllegalArgumentException("expected auto, true or false");
            };
        }
    }

    /** Consent rule of the browser collect endpoint. */
    public enum ConsentMode {
        /** No consent needed (first-party analytics where the law allows it). */
        OFF,
        /** Only with the consent cookie set to {@code granted}. */
        REQUIRED,
        /** Unless the consent cookie says {@code denied}. */
        IMPLIED
    }

    /**
     * The public endpoint browser conversions arrive at.
     *
     * @param enabled         whether it answers at all
     * @param names           conversion names the browser may send
     * @param consent         consent rule
     * @param maxEvents       events per request
     * @param maxEventBytes   bytes per event (as JSON)
     * @param maxRequestBytes bytes per request
     * @param pastWindow      how old an event may be
     * @param futureWindow    how far ahead of the server clock an event may be
     * @param allowedOrigins  other origins allowed by CORS (same-origin is always allowed)
     * @param perVisitor      requests per minute per visitor
     * @param perAddress      requests per minute per client address (kept in memory only)
     * @param filterBots      whether known bots and headless agents are counted and dropped
     */
    public record CollectSettings(boolean enabled, Set<String> names, ConsentMode consent, int maxEvents,
            int maxEventBytes, int maxRequestBytes, Duration pastWindow, Duration futureWindow,
            Set<String> allowedOrigins, int perVisitor, int perAddress, boolean filterBots) {
    }

    /** What happens to user ids. */
    public enum UserIdPolicy {
        /** Not stored or forwarded. */
        DROP,
        /** Stored and forwarded as HMAC-SHA256 with a secret salt. */
        HASH,
        /** Stored and forwarded as given. */
        RAW
    }

    /**
     * @param userId     what happens to user ids
     * @param salt       the HMAC key for {@link UserIdPolicy#HASH}
     * @param retention  how long conversions are kept; null keeps them forever
     */
    public record PrivacySettings(UserIdPolicy userId, String salt, Duration retention) {
        @Override
        public String toString() {
            return "PrivacySettings[userId=" + userId + ", retention=" + retention + "]"; // never the salt
        }
    }

    /**
     * How persisted conversions are forwarded to sinks.
     *
     * @param pollInterval   how often forwarders look for owed conversions (they are also woken
     *                       after every write)
     * @param maxAttempts    attempts before a batch is dead-lettered
     * @param backoffInitial wait after the first failure; doubles each attempt, with jitter
     * @param backoffMax     longest wait between attempts
     * @param retention      how long delivered and dead-lettered rows are kept
     * @param lease          how long a sink's lease lasts unless renewed: renewed every lease/3
     *                       while a delivery runs, so it is how long a stopped or killed instance
     *                       keeps the sink from the others
     * @param instanceId     this server's name on the lease: stable across restarts (a restarted
     *                       server takes its own lease back at once), unique per server
     */
    public record OutboxSettings(Duration pollInterval, int maxAttempts, Duration backoffInitial,
            Duration backoffMax, Duration retention, Duration lease, String instanceId) {

        /** With the default instance id, {@link #defaultInstanceId()}. */
        public OutboxSettings(Duration pollInterval, int maxAttempts, Duration backoffInitial,
                Duration backoffMax, Duration retention, Duration lease) {
            this(pollInterval, maxAttempts, backoffInitial, backoffMax, retention, lease, defaultInstanceId());
        }
    }

    /** Longest instance id: the width of {@code mc_sink_lease.holder}. */
    static final int MAX_INSTANCE_ID = 64;

    /**
     * The default of {@code microconversions.outbox.instance-id}: the host name and the server's
     * name, {@code host/server}. The server's name is Liberty's {@code wlp.server.name}, or else
     * the name of the working directory (a Liberty server runs in {@code usr/servers/<name>}). Both
     * outlive a restart, so a restarted server finds its own lease; two servers on one host
     * differ by name. Characters outside {@code [A-Za-z0-9._:@/-]} become {@code -}; clipped to 64.
     *
     * @return the derived id
     */
    public static String defaultInstanceId() {
        String host = firstNonBlank(System.getenv("HOSTNAME"), System.getenv("COMPUTERNAME"));
        if (host == null) {
            String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
            host = runtime.substring(runtime.indexOf('@') + 1);
        }
        String server = System.getProperty("wlp.server.name");
        if (server == null || server.isBlank()) {
            Path dir = Path.of(System.getProperty("user.dir", "server"))
                    .toAbsolutePath().getFileName();
            server = dir == null ? "server" : dir.toString();
        }
        String id = (host + "/" + server).replaceAll("[^A-Za-z0-9._:@/-]", "-");
        return id.length() <= MAX_INSTANCE_ID ? id : id.substring(0, MAX_INSTANCE_ID);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /**
     * Cookie and header names used to capture the visitor.
     *
     * @param capture          whether the servlet filter captures visitors at all
     * @param visitorCookie    visitor id cookie
     * @param visitorMaxAge    visitor cookie lifetime
     * @param sessionCookie    session cookie
     * @param sessionTimeout   inactivity after which a new session starts
     * @param channelCookie    cookie that keeps the last non-direct channel
     * @param channelMaxAge    how long a channel is kept
     * @param variantsHeader   request header carrying {@code experiment=variant,...}
     * @param variantsCookie   cookie carrying the same
     * @param secureCookies    when cookies get the {@code Secure} attribute
     * @param clientVariants   whether a client may choose its variants with the header or cookie
     *                         (a QA switch; off, configured experiments assign every visitor)
     */
    public record HttpSettings(boolean capture, String visitorCookie, Duration visitorMaxAge,
            String sessionCookie, Duration sessionTimeout, String channelCookie,
            Duration channelMaxAge, String variantsHeader, String variantsCookie,
            CookieSecurity secureCookies, boolean clientVariants) {
    }

    /** When the visitor cookies get the {@code Secure} attribute. */
    public enum CookieSecurity {
        /** When the request is secure, as the server reports it (behind a proxy: Liberty's {@code remoteIp}). */
        AUTO,
        /** Always. */
        ALWAYS,
        /** Never (plain-HTTP development only). */
        NEVER;

        static CookieSecurity parse(String v) {
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "true" -> ALWAYS;
                case "false" -> NEVER;
                default -> throw new IllegalArgumentException("expected auto, true or false");
            };
        }

        /** @param secureRequest whether the request came over HTTPS @return whether to set Secure */
        public boolean secure(boolean secureRequest) {
            return this == ALWAYS || (this == AUTO && secureRequest);
        }
    }

    /**
     * Reads and validates every setting.
     *
     * @param config the MicroProfile Config
     * @return the settings
     * @throws InvalidConfigException naming every bad key, and every unknown key
     */
    public static Settings from(Config config) {
        return ConfigReader.strict(config, Settings::read);
    }

    /**
     * Reads every setting, reporting each bad or unknown key to {@code r}.
     *
     * @param r the reader
     * @return the settings, or null when a value is bad
     */
    public static Settings read(ConfigReader r) {
        int before = r.problemCount();
        List<String> unknown = new ArrayList<>();
        for (String name : r.propertyNames()) {
            if (name.startsWith(PREFIX) && !ConfigKeys.isKnown(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            r.problem(InvalidConfigException.unknown(unknown));
        }
        HttpSettings http = new HttpSettings(
                r.get(HTTP_CAPTURE, "true", ConfigReader::bool),
                r.get(VISITOR_COOKIE, "mc_vid", Settings::cookieName),
                r.get(VISITOR_COOKIE_MAX_AGE, "400d", ConfigReader::positiveDuration),
                r.get(SESSION_COOKIE, "mc_sid", Settings::cookieName),
                r.get(SESSION_TIMEOUT, "30m", ConfigReader::positiveDuration),
                r.get(CHANNEL_COOKIE, "mc_ch", Settings::cookieName),
                r.get(CHANNEL_MAX_AGE, "90d", ConfigReader::positiveDuration),
                r.get(VARIANTS_HEADER, "X-Experiment-Variants", Settings::token),
                r.get(VARIANTS_COOKIE, "mc_var", Settings::cookieName),
                r.get(COOKIE_SECURE, "auto", CookieSecurity::parse),
                r.get(VARIANTS_CLIENT_OVERRIDE, "false", ConfigReader::bool));
        Set<String> allowed = r.get(NAMES_ALLOWED, "", ConfigReader::names);
        Settings s = new Settings(
                r.get(ENABLED, "true", ConfigReader::bool),
                r.get(DATASOURCE, "jdbc/microconversions", ConfigReader::nonBlank),
                r.get(EXECUTOR, "java:comp/DefaultManagedExecutorService", ConfigReader::nonBlank),
                r.get(SCHEDULER, "java:comp/DefaultManagedScheduledExecutorService", ConfigReader::nonBlank),
                r.get(SCHEMA_MIGRATE, "true", ConfigReader::bool),
                r.get(BATCH_SIZE, "500", ConfigReader.intIn(1, 10_000)),
                r.get(FLUSH_INTERVAL, "1s", ConfigReader::positiveDuration),
                r.get(BUFFER_CAPACITY, "10000", ConfigReader.intIn(1, 10_000_000)),
                r.get(BUFFER_OVERFLOW, "persist-inline", OverflowPolicy::parse),
                allowed,
                http,
                new OutboxSettings(
                        r.get(OUTBOX_POLL_INTERVAL, "1s", ConfigReader::positiveDuration),
                        r.get(OUTBOX_MAX_ATTEMPTS, "10", ConfigReader.intIn(1, 1000)),
                        r.get(OUTBOX_BACKOFF_INITIAL, "1s", ConfigReader::positiveDuration),
                        r.get(OUTBOX_BACKOFF_MAX, "5m", ConfigReader::positiveDuration),
                        r.get(OUTBOX_RETENTION, "7d", ConfigReader::positiveDuration),
                        r.get(OUTBOX_LEASE, "60s", ConfigReader::positiveDuration),
                        r.get(OUTBOX_INSTANCE_ID, "", Settings::instanceId)),
                new CollectSettings(
                        r.get(COLLECT_ENABLED, "false", ConfigReader::bool),
                        r.get(COLLECT_NAMES, "video-play,video-complete,scroll-depth,engaged-time,share,click-to-call,"
                                + "click-for-directions,file-download,outbound-link,pages-per-visit,returning-visitor,"
                                + "time-on-site,review-read", ConfigReader::names),
                        r.get(COLLECT_CONSENT, "required", v -> ConfigReader.oneOf(v, ConsentMode.class)),
                        r.get(COLLECT_MAX_EVENTS, "50", ConfigReader.intIn(1, 500)),
                        r.get(COLLECT_MAX_EVENT_BYTES, "32768", ConfigReader.intIn(256, 32768)),
                        r.get(COLLECT_MAX_REQUEST_BYTES, "512000", ConfigReader.intIn(1024, 512000)),
                        r.get(COLLECT_PAST_WINDOW, "24h", ConfigReader::positiveDuration),
                        r.get(COLLECT_FUTURE_WINDOW, "5m", ConfigReader::positiveDuration),
                        r.get(COLLECT_ALLOWED_ORIGINS, "", Settings::origins),
                        r.get(COLLECT_RATE_VISITOR, "120", ConfigReader.intIn(1, 1_000_000)),
                        r.get(COLLECT_RATE_ADDRESS, "600", ConfigReader.intIn(1, 1_000_000)),
                        r.get(COLLECT_FILTER_BOTS, "true", ConfigReader::bool)),
                privacy(r),
                r.get(STORE_STATEMENT_TIMEOUT, "5s", Settings::statementTimeout),
                r.get(BUFFER_INLINE_WRITERS, "8", ConfigReader.intIn(1, 1000)),
                r.get(BUFFER_OVERFLOW_WAIT, "5s", ConfigReader.durationIn(Duration.ZERO, Duration.ofSeconds(60))),
                r.get(BATCH_LINGER, "20ms", ConfigReader.durationIn(Duration.ZERO, Duration.ofSeconds(1))),
                durable(r, allowed));
        return r.problemCount() > before ? null : s;
    }

    private static DurableSettings durable(ConfigReader r, Set<String> allowed) {
        Set<String> names = r.get(DURABLE_NAMES, "", ConfigReader::names);
        if (names != null && allowed != null && !allowed.isEmpty()) {
            names.stream().filter(name -> !allowed.contains(name)).sorted().findFirst()
                    .ifPresent(name -> r.problem(DURABLE_NAMES, String.join(",", names),
                            "'" + name + "' is not in " + NAMES_ALLOWED));
        }
        return new DurableSettings(names,
                r.get(DURABLE_KINDS, "macro", Settings::kinds),
                r.get(DURABLE_TIMEOUT, "2s", ConfigReader.durationIn(Duration.ofMillis(1), Duration.ofSeconds(60))),
                r.get(DURABLE_JOIN_TRANSACTION, "auto", JoinTransaction::parse));
    }

    /** @return {@link #statementTimeout()} as JDBC wants it */
    public int statementTimeoutSeconds() {
        return (int) statementTimeout.toSeconds();
    }

    private static PrivacySettings privacy(ConfigReader r) {
        UserIdPolicy policy = r.get(PRIVACY_USER_ID, "drop", v -> ConfigReader.oneOf(v, UserIdPolicy.class));
        String salt = r.get(PRIVACY_USER_ID_SALT, null, v -> v, v -> "(hidden)");
        if (policy == UserIdPolicy.HASH && (salt == null || salt.length() < 16)) {
            r.problem(PRIVACY_USER_ID_SALT, salt == null ? "(missing)" : "(too short)",
                    "privacy.user-id=hash needs a secret salt of at least 16 characters");
        }
        Duration retention = r.get(PRIVACY_RETENTION, "400d",
                v -> "off".equals(v.trim()) ? null : ConfigReader.positiveDuration(v));
        return new PrivacySettings(policy, salt, retention);
    }

    /**
     * @param name a conversion name
     * @return whether the allowlist (if any) admits it
     */
    public boolean allows(String name) {
        return allowedNames.isEmpty() || allowedNames.contains(name);
    }

    /**
     * The cross-key rule of {@code outbox.lease} (docs/configuration.md): the lease must exceed a
     * sink's worst-case delivery time, or be renewed during it. The forwarder renews it every
     * lease/3 with a statement that may take up to {@code store.statement-timeout}, so a delivery
     * longer than the lease is safe only while lease/3 + statement timeout is shorter than the lease.
     *
     * @param sink      the sink's name, for the message
     * @param worstCase the longest one of its deliveries can take
     * @param how       how that was computed, e.g. {@code batch-size 1 x timeout 5s}
     * @return the problem, naming {@code microconversions.outbox.lease}; empty when the lease is safe
     */
    public Optional<InvalidConfigException> leaseProblem(String sink, Duration worstCase, String how) {
        Duration lease = outbox.lease();
        Duration renewed = lease.dividedBy(3).plus(statementTimeout);
        if (worstCase.compareTo(lease) < 0 || renewed.compareTo(lease) < 0) {
            return Optional.empty();
        }
        return Optional.of(InvalidConfigException.invalid(OUTBOX_LEASE, ConfigReader.text(lease),
                "the " + sink + " sink's delivery may take " + ConfigReader.text(worstCase) + " (" + how
                        + "), longer than the lease, and a renewal (every lease/3, each up to "
                        + STORE_STATEMENT_TIMEOUT + "=" + ConfigReader.text(statementTimeout)
                        + ") may end after the lease lapsed: set a lease longer than "
                        + ConfigReader.text(worstCase) + ", or one above 1.5 x the statement timeout"));
    }

    static String cookieName(String v) {
        if (!v.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("expected a cookie name of [A-Za-z0-9_-], 1 to 64 characters");
        }
        return v;
    }

    static String token(String v) {
        if (!v.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("expected a header name of [A-Za-z0-9-], 1 to 64 characters");
        }
        return v;
    }

    static String instanceId(String v) {
        if (v.isEmpty()) {
            return defaultInstanceId();
        }
        if (!v.matches("[A-Za-z0-9._:@/-]{1," + MAX_INSTANCE_ID + "}")) {
            throw new IllegalArgumentException("expected 1 to " + MAX_INSTANCE_ID
                    + " characters of [A-Za-z0-9._:@/-], unique per server and the same after a restart");
        }
        return v;
    }

    static Set<Kind> kinds(String v) {
        if (v.trim().equalsIgnoreCase("none")) {
            return Set.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> switch (s.toLowerCase(Locale.ROOT)) {
                    case "micro" -> Kind.MICRO;
                    case "macro" -> Kind.MACRO;
                    default -> throw new IllegalArgumentException("'" + s + "' is not a kind: expected micro, macro"
                            + " or both comma-separated, or none");
                })
                .collect(Collectors.toUnmodifiableSet());
    }

    /** JDBC query timeouts are whole seconds; a value it would round silently is refused. */
    static Duration statementTimeout(String v) {
        ConfigReader.positiveDuration(v); // zero or less: "must be positive"
        return ConfigReader.wholeSeconds(v, Duration.ofHours(1));
    }

    static Set<String> origins(String v) {
        if (v.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .peek(s -> {
                    if (!s.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                        throw new IllegalArgumentException(
                                "'" + s + "' is not an origin such as https://shop.example");
                    }
                })
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The core settings as a {@link ConfigSection}. */
    public static final class Section extends ConfigSection.Of<Settings> {
        /** For ServiceLoader. */
        public Section() {
            super(Settings.class, Settings::read);
        }
    }
}
