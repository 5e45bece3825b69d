package org.microconversions.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One recorded micro (or macro) conversion. Immutable and safe to share between threads.
 *
 * <p>The {@link #id()} is time-ordered (UUIDv7) and assigned on the thread that recorded the
 * conversion; every store and forwarder de-duplicates on it.
 *
 * <p>Bounds, checked by {@link Builder#build()}: name as in {@link #isValidName(String)};
 * visitor, session and user ids at most {@value #MAX_ID_LENGTH} characters; at most
 * {@value #MAX_ENTRIES} variants and {@value #MAX_ENTRIES} attributes, keys
 * {@code [a-z][a-z0-9_]*} of at most 40 characters, values at most {@value #MAX_VALUE_LENGTH}
 * characters; a value needs an ISO 4217 currency, has at most 15 digits before the decimal point
 * and is rounded to 4 decimal places (half up), as the store's {@code DECIMAL(19,4)} holds it.
 * Every text must be {@linkplain StorableText#isStorable(String) storable}: no control character
 * and no lone surrogate. A field that breaks a bound fails {@link Builder#build()} with an
 * {@link IllegalArgumentException} that names it, never later in the store.
 *
 * @since 0.1
 */
public final class MicroConversionEvent {

    /** Maximum length of a conversion name. */
    public static final int MAX_NAME_LENGTH = 40;
    /** Maximum length of visitor, session and user ids. */
    public static final int MAX_ID_LENGTH = 128;
    /** Maximum number of attributes and of experiment variants. */
    public static final int MAX_ENTRIES = 10;
    /** Maximum length of an attribute or variant value. */
    public static final int MAX_VALUE_LENGTH = 100;
    /** Maximum length of the origin. */
    public static final int MAX_ORIGIN_LENGTH = 255;
    /** Most digits a value may have before the decimal point (the store keeps {@code DECIMAL(19,4)}). */
    public static final int MAX_VALUE_INTEGER_DIGITS = 15;
    /** Decimal places a value is rounded to. */
    public static final int VALUE_SCALE = 4;

    /**
     * Attribute recording the visitor's {@link Consent} ({@code granted} or {@code denied}; absent
     * when unknown). Reserved: set from the visitor, not by shop code, and not counted against
     * {@value #MAX_ENTRIES}.
     */
    public static final String CONSENT_ATTRIBUTE = "consent";
    /**
     * Attribute {@code "1"} on conversions of a visitor who sent Global Privacy Control: never
     * forwarded to third-party sinks. Reserved like {@link #CONSENT_ATTRIBUTE}.
     */
    public static final String GPC_ATTRIBUTE = "gpc";

    /** The privacy attributes of each visitor state, shared: {@link #of} allocates none. */
    private static final Map<String, String> GRANTED = Map.of(CONSENT_ATTRIBUTE, "granted");
    private static final Map<String, String> DENIED = Map.of(CONSENT_ATTRIBUTE, "denied");
    private static final Map<String, String> GPC = Map.of(GPC_ATTRIBUTE, "1");
    private static final Map<String, String> GRANTED_GPC = Map.of(CONSENT_ATTRIBUTE, "granted", GPC_ATTRIBUTE, "1");
    private static final Map<String, String> DENIED_GPC = Map.of(CONSENT_ATTRIBUTE, "denied", GPC_ATTRIBUTE, "1");

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private final UUID id;
    private final String name;
    private final Kind kind;
    /** Null when taken from a UUIDv7 id: built on first read, off the recording thread. */
    private Instant timestamp;
    private final String visitorId;
    private final String sessionId;
    private final String userId;
    private final Channel channel;
    private final Map<String, String> variants;
    private final BigDecimal value;
    private final String currency;
    private final Map<String, String> attributes;
    private final String origin;

    // Takes the values, not the builder: Builder.build() is then small enough to be inlined, and
    // the JIT can drop the builder altogether on the recording path (escape analysis). The ids are
    // checked by the caller: the builder checks its own, and of() takes them from a VisitorContext,
    // which checked them when it was made (once per request, not once per conversion).
    private MicroConversionEvent(UUID id, String name, Kind kind, Instant timestamp, String visitorId,
            String sessionId, String userId, Channel channel, Map<String, String> variants,
            BigDecimal value, String currency, Map<String, String> attributes, String origin) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = requireValidName(name);
        this.kind = Objects.requireNonNull(kind, "kind");
        if (timestamp == null && id.version() != 7) {
            throw new NullPointerException("timestamp (or a UUIDv7 id to take it from)");
        }
        if (timestamp != null && (timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST))) {
            throw new IllegalArgumentException("timestamp " + timestamp + " is outside the years 1 to 9999");
        }
        this.timestamp = timestamp;
        this.visitorId = visitorId;
        this.sessionId = sessionId;
        this.userId = userId;
        this.channel = channel;
        this.variants = variants;
        this.attributes = attributes;
        this.value = checkValue(value, currency);
        this.currency = currency == null ? null : currencyCode(currency);
        this.origin = StorableText.require("origin", origin, MAX_ORIGIN_LENGTH);
    }

    /**
     * Whether {@code name} is a valid conversion name: lowercase, {@code [a-z][a-z0-9_-]*}, at
     * most {@value #MAX_NAME_LENGTH} characters.
     *
     * @param name a candidate name, may be null
     * @return true if valid
     */
    public static boolean isValidName(String name) {
        return matches(name, true);
    }

    /** {@code [a-z][a-z0-9_]{0,39}}, or with {@code -} too: a loop, as this runs for every event. */
    private static boolean matches(String s, boolean hyphen) {
        if (s == null || s.isEmpty() || s.length() > MAX_NAME_LENGTH) {
            return false;
        }
        char first = s.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (hyphen && c == '-'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param name a candidate name
     * @return the name, if valid
     * @throws IllegalArgumentException naming the rule, if not
     */
    public static String requireValidName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid conversion name '" + name
                    + "': use lowercase [a-z][a-z0-9_-]*, at most " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    /**
     * Checks a monetary value as the event stores it.
     *
     * @param value    the value, may be null
     * @param currency its ISO 4217 code; needed when there is a value
     * @return the value rounded to {@value #VALUE_SCALE} decimal places (half up), or null
     * @throws IllegalArgumentException naming the field, if the value has no currency, more than
     *                                  {@value #MAX_VALUE_INTEGER_DIGITS} digits before the
     *                                  decimal point, or the currency is not an ISO 4217 code
     */
    public static BigDecimal checkValue(BigDecimal value, String currency) {
        if (currency != null) {
            currencyCode(currency);
        }
        if (value == null) {
            return null;
        }
        if (currency == null) {
            throw new IllegalArgumentException("value needs a currency");
        }
        BigDecimal v = value.scale() > VALUE_SCALE
                ? value.setScale(VALUE_SCALE, RoundingMode.HALF_UP)
                : value;
        if (v.precision() - v.scale() > MAX_VALUE_INTEGER_DIGITS) {
            throw new IllegalArgumentException("value " + value.toPlainString() + " has more than "
                    + MAX_VALUE_INTEGER_DIGITS + " digits before the decimal point");
        }
        return v;
    }

    private static String currencyCode(String code) {
        if (code.length() != 3) {
            throw new IllegalArgumentException("currency must be a 3-letter ISO 4217 code such as EUR");
        }
        try {
            return Currency.getInstance(code.toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency '" + (StorableText.isStorable(code) ? code : "?")
                    + "' is not an ISO 4217 code such as EUR", e);
        }
    }

    /**
     * Checks a visitor, session or user id.
     *
     * @param what the field's name, for the message
     * @param id   the id, may be null
     * @return {@code id}
     * @throws IllegalArgumentException naming the field, if it is empty, longer than
     *                                  {@value #MAX_ID_LENGTH} or not storable
     */
    public static String checkId(String what, String id) {
        if (id != null && (id.isEmpty() || id.length() > MAX_ID_LENGTH)) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_ID_LENGTH + " characters");
        }
        return StorableText.require(what, id, MAX_ID_LENGTH);
    }

    /**
     * Checks one attribute or variant.
     *
     * @param what  {@code attributes} or {@code variants}, for the message
     * @param key   {@code [a-z][a-z0-9_]*}, at most 40 characters
     * @param value storable, at most {@value #MAX_VALUE_LENGTH} characters
     * @throws IllegalArgumentException naming the entry, if it breaks a rule
     */
    public static void checkEntry(String what, String key, String value) {
        if (!matches(key, false)) {
            throw new IllegalArgumentException(what + " key '" + (StorableText.isStorable(key) ? key : "?")
                    + "' must match [a-z][a-z0-9_]*, at most 40 characters");
        }
        if (value == null) {
            throw new IllegalArgumentException(what + " value of '" + key + "' must be non-null");
        }
        StorableText.require(what + " value of '" + key + "'", value, MAX_VALUE_LENGTH);
    }

    /** Checks the bounds; copies unless the map is known to be immutable already. */
    private static Map<String, String> checkEntries(String what, Map<String, String> entries, boolean copy) {
        if (entries == null || entries.isEmpty()) {
            return Map.of();
        }
        int reserved = what.equals("attributes")
                ? (entries.containsKey(CONSENT_ATTRIBUTE) ? 1 : 0) + (entries.containsKey(GPC_ATTRIBUTE) ? 1 : 0)
                : 0;
        if (entries.size() - reserved > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " " + what);
        }
        for (Map.Entry<String, String> e : entries.entrySet()) {
            checkEntry(what, e.getKey(), e.getValue());
        }
        return copy ? Collections.unmodifiableMap(new LinkedHashMap<>(entries)) : entries;
    }

    /**
     * The conversion as the interceptor records it: a successful call by {@code visitor}, with no
     * value and no attributes (use the {@link #builder()} for those). The timestamp is the
     * millisecond of the id, so the id must be a UUIDv7. Cheaper than the builder: it allocates
     * nothing but the event, and takes the visitor's variants as they are (a
     * {@link VisitorContext} holds an immutable, checked copy).
     *
     * @param id      a UUIDv7 (time-ordered) id
     * @param name    the conversion name, as in {@link #isValidName(String)}
     * @param kind    micro or macro
     * @param visitor who converted: visitor, session and user ids, channel and variants
     * @param origin  where it was recorded (e.g. {@code Bean#method}), or null
     * @return the event
     * @throws IllegalArgumentException if a field breaks the bounds described on the class
     * @throws NullPointerException     if an argument but origin is null, or the id is not a UUIDv7
     */
    public static MicroConversionEvent of(UUID id, String name, Kind kind, VisitorContext visitor, String origin) {
        return new MicroConversionEvent(id, name, kind, null, visitor.visitorId(), visitor.sessionId(),
                visitor.userId(), visitor.channel(), visitor.variants(), null, null,
                privacyAttributes(visitor), origin);
    }

    private static Map<String, String> privacyAttributes(VisitorContext v) {
        return switch (v.consent()) {
            case GRANTED -> v.gpc() ? GRANTED_GPC : GRANTED;
            case DENIED -> v.gpc() ? DENIED_GPC : DENIED;
            case UNKNOWN -> v.gpc() ? GPC : Map.of();
        };
    }

    /**
     * @param key an attribute key
     * @return true for the keys the suite sets itself ({@link #CONSENT_ATTRIBUTE},
     *         {@link #GPC_ATTRIBUTE}), which shop code and browsers may not set
     */
    public static boolean isReservedAttribute(String key) {
        return CONSENT_ATTRIBUTE.equals(key) || GPC_ATTRIBUTE.equals(key);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this event's fields, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).name(name).kind(kind).timestamp(timestamp())
                .visitorId(visitorId).sessionId(sessionId).userId(userId).channel(channel)
                .origin(origin).value(value, currency);
        b.variants(variants);
        attributes.forEach(b::attribute);
        return b;
    }

    /** @return the time-ordered unique id (UUIDv7): the idempotency key */
    public UUID id() {
        return id;
    }

    /** @return the conversion name, e.g. {@code add-to-cart} */
    public String name() {
        return name;
    }

    /** @return micro or macro */
    public Kind kind() {
        return kind;
    }

    /**
     * @return when the conversion happened: the builder's timestamp, else the millisecond in the
     *         UUIDv7 id
     */
    public Instant timestamp() {
        Instant t = timestamp;
        if (t == null) {
            // a benign race: Instant is immutable, so a second thread at worst builds an equal one
            t = Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
            timestamp = t;
        }
        return t;
    }

    /** @return the pseudonymous visitor id (from the visitor cookie), or null outside a request */
    public String visitorId() {
        return visitorId;
    }

    /** @return the session id, or null */
    public String sessionId() {
        return sessionId;
    }

    /** @return the shop's user id, or null for anonymous visitors */
    public String userId() {
        return userId;
    }

    /** @return where the visitor came from, or null when unknown (outside a request) */
    public Channel channel() {
        return channel;
    }

    /** @return experiment id to variant, never null */
    public Map<String, String> variants() {
        return variants;
    }

    /** @return the monetary value, or null */
    public BigDecimal value() {
        return value;
    }

    /** @return the ISO 4217 currency of {@link #value()}, or null */
    public String currency() {
        return currency;
    }

    /** @return small extra facts, e.g. {@code sku}, {@code network}; never null */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** @return the visitor's consent when the conversion was recorded */
    public Consent consent() {
        return Consent.of(attributes.get(CONSENT_ATTRIBUTE));
    }

    /** @return whether the visitor sent Global Privacy Control: never for third-party sinks */
    public boolean gpc() {
        return "1".equals(attributes.get(GPC_ATTRIBUTE));
    }

    /** @return where it was recorded: {@code Bean#method} or {@code POST /cart/items} */
    public String origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MicroConversionEvent other && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "MicroConversionEvent[" + id + " " + name + " " + kind.label() + " at " + timestamp() + "]";
    }

    /**
     * Builds {@link MicroConversionEvent}s. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private UUID id;
        private String name;
        private Kind kind = Kind.MICRO;
        private Instant timestamp;
        private String visitorId;
        private String sessionId;
        private String userId;
        private Channel channel;
        private Map<String, String> variants;
        /** {@link #visitorId} and {@link #sessionId} are a visitor's, checked already, until set again. */
        private boolean visitorIds;
        /** {@link #variants} is a visitor's: immutable and checked, so kept as it is until changed. */
        private boolean visitorVariants;
        private BigDecimal value;
        private String currency;
        private Map<String, String> attributes;
        /** {@link #attributes} went into a built event: copied before it changes. */
        private boolean attributesBuilt;
        private String origin;

        private Builder() {
        }

        /** @param id the event id @return this */
        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        /** @param name the conversion name @return this */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @param kind micro or macro @return this */
        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * @param timestamp when it happened; may be left out when the id is a UUIDv7, whose
         *                  millisecond is then the timestamp
         * @return this
         */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** @param visitorId the pseudonymous visitor id @return this */
        public Builder visitorId(String visitorId) {
            this.visitorId = visitorId;
            visitorIds = false;
            return this;
        }

        /** @param sessionId the session id @return this */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            visitorIds = false;
            return this;
        }

        /** @param userId the shop's user id @return this */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * Takes everything from the visitor: ids, channel, variants, and consent and Global
         * Privacy Control as {@linkplain #isReservedAttribute(String) reserved attributes}.
         *
         * @param visitor who converted
         * @return this
         */
        public Builder visitor(VisitorContext visitor) {
            visitorId(visitor.visitorId()).sessionId(visitor.sessionId()).userId(visitor.userId())
                    .channel(visitor.channel());
            if (variants == null) {
                // no copy and no check: a VisitorContext holds an immutable, checked copy
                variants = visitor.variants();
                visitorVariants = true;
            } else {
                variants(visitor.variants());
            }
            privacyAttributes(visitor).forEach(this::attribute);
            visitorIds = true; // a VisitorContext checks its ids as the event would
            return this;
        }

        /** @param channel where the visitor came from @return this */
        public Builder channel(Channel channel) {
            this.channel = channel;
            return this;
        }

        /** @param experiment experiment id @param variant variant shown @return this */
        public Builder variant(String experiment, String variant) {
            ownVariants().put(experiment, variant);
            return this;
        }

        /** @param variants experiment id to variant @return this */
        public Builder variants(Map<String, String> variants) {
            if (!variants.isEmpty()) {
                ownVariants().putAll(variants);
            }
            return this;
        }

        private Map<String, String> ownVariants() {
            if (variants == null) {
                variants = new LinkedHashMap<>(4);
            } else if (visitorVariants) {
                variants = new LinkedHashMap<>(variants);
                visitorVariants = false;
            }
            return variants;
        }

        /**
         * @param value    the monetary value, or null
         * @param currency its ISO 4217 code, e.g. {@code EUR}
         * @return this
         */
        public Builder value(BigDecimal value, String currency) {
            this.value = value;
            this.currency = currency;
            return this;
        }

        /** @param key attribute key @param value attribute value @return this */
        public Builder attribute(String key, String value) {
            if (attributes == null) {
                attributes = new LinkedHashMap<>(4);
            } else if (attributesBuilt) {
                attributes = new LinkedHashMap<>(attributes);
                attributesBuilt = false;
            }
            attributes.put(key, value);
            return this;
        }

        /** @param origin where it was recorded @return this */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * @return the event
         * @throws IllegalArgumentException if a field breaks the bounds described on the class
         * @throws NullPointerException     if id, name or kind is missing, or the timestamp when
         *                                  the id is not a UUIDv7
         */
        public MicroConversionEvent build() {
            // one copy of the attributes, not two: the event takes this builder's map, read-only,
            // and a later attribute() copies it first
            Map<String, String> a = checkEntries("attributes", attributes, false);
            MicroConversionEvent e = new MicroConversionEvent(id, name, kind, timestamp,
                    visitorIds ? visitorId : checkId("visitorId", visitorId),
                    visitorIds ? sessionId : checkId("sessionId", sessionId), checkId("userId", userId),
                    channel, visitorVariants ? variants : checkEntries("variants", variants, true), value, currency,
                    a == attributes ? Collections.unmodifiableMap(a) : a, origin);
            attributesBuilt = attributes != null;
            return e;
        }
    }
}
