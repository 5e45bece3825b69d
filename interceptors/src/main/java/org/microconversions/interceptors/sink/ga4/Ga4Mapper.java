package org.microconversions.interceptors.sink.ga4;

import org.microconversions.api.Channel;
import org.microconversions.api.Consent;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.json.JsonWriter;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a conversion into a GA4 event and enforces the Measurement Protocol's rules before
 * anything is sent (GA4 answers 2xx even to payloads it drops). An event that breaks a rule is
 * not repaired: {@link #map} gives the reason, and the sink dead-letters it.
 */
final class Ga4Mapper {

    static final int MAX_PARAMS = 25;
    static final int MAX_PARAM_VALUE = 100;
    static final Duration MAX_AGE = Duration.ofHours(72);
    static final String EXPERIMENT_PREFIX = "exp_";
    /** Events for which an {@code item_id} (or {@code sku}) attribute also becomes {@code items}. */
    static final Set<String> ECOMMERCE = Set.of("add_to_cart", "add_to_wishlist", "remove_from_cart",
            "begin_checkout", "purchase", "refund", "view_item");

    /** Parameters the sink sets itself: an attribute of the same name is sent with the {@code mc_} prefix. */
    static final Set<String> SINK_PARAMS = Set.of("session_id", "engagement_time_msec", "mc_event_id", "source",
            "medium", "campaign", "value", "currency", "transaction_id", "items");

    private final Map<String, String> overrides;
    private final boolean sendUserId;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    Ga4Mapper(Map<String, String> overrides, boolean sendUserId) {
        this.overrides = overrides;
        this.sendUserId = sendUserId;
    }

    /** A conversion as GA4 sees it. Params hold String, BigDecimal, Integer or List values. */
    record Ga4Event(UUID id, String clientId, String userId, long timestampMicros, String name,
            Map<String, Object> params, Consent consent) {

        /** @return this event as an element of {@code events}: name, event-level timestamp, params */
        String json() {
            return JsonWriter.create(256).beginObject()
                    .field("name", name)
                    .name("timestamp_micros").value(timestampMicros)
                    .name("params").value(params)
                    .endObject().toString();
        }
    }

    /** Either an event to send or why it cannot be sent. */
    record Mapped(Ga4Event event, String rejection) {
    }

    /** @return the GA4 event name of a conversion name */
    String eventName(String conversion) {
        return names.computeIfAbsent(conversion, c -> {
            String o = overrides.get(c);
            return o != null ? o : Ga4Names.defaultEventName(c);
        });
    }

    Mapped map(MicroConversionEvent e, Instant now) {
        if (e.visitorId() == null) {
            return reject("no visitor id: GA4 needs a client_id (recorded outside a request?)");
        }
        if (e.timestamp().isBefore(now.minus(MAX_AGE))) {
            return reject("older than 72 h: GA4 accepts events backdated by at most 72 h");
        }
        String name = eventName(e.name());
        String nameProblem = Ga4Names.eventNameProblem(name);
        if (nameProblem != null) {
            return reject("GA4 event name '" + name + "' " + nameProblem);
        }
        Instant at = e.timestamp().isAfter(now) ? now : e.timestamp(); // another server's clock ahead of ours
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);

        Map<String, Object> params = new LinkedHashMap<>();
        if (e.sessionId() != null) {
            params.put("session_id", e.sessionId());
        }
        params.put("engagement_time_msec", 1);
        params.put("mc_event_id", e.id().toString());
        Channel ch = e.channel();
        if (ch != null && !ch.isDirect()) {
            putIfSet(params, "source", ch.source());
            putIfSet(params, "medium", ch.medium());
            putIfSet(params, "campaign", ch.campaign());
        }
        if (e.value() != null) {
            params.put("value", e.value());
            params.put("currency", e.currency());
        }
        Map<String, String> attributes = e.attributes();
        if ("purchase".equals(name) || "refund".equals(name)) {
            String tx = attributes.get("transaction_id");
            params.put("transaction_id", tx != null ? tx : e.id().toString());
        }
        if (ECOMMERCE.contains(name)) {
            String item = attributes.getOrDefault("item_id", attributes.get("sku"));
            if (item != null) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("item_id", item);
                params.put("items", List.of(one));
            }
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            if (a.getKey().equals("transaction_id") && params.containsKey("transaction_id")) {
                continue; // already used as the transaction id
            }
            if (MicroConversionEvent.isReservedAttribute(a.getKey())) {
                continue; // consent travels in the request's consent fields; GPC events never come here
            }
            String problem = put(params, a.getKey(), a.getValue(), "attribute");
            if (problem != null) {
                return reject(problem);
            }
        }
        for (Map.Entry<String, String> v : e.variants().entrySet()) {
            String key = EXPERIMENT_PREFIX + v.getKey();
            if (params.containsKey(key)) {
                return reject("experiment '" + v.getKey() + "': parameter " + key + " is already set by an attribute");
            }
            String p = Ga4Names.nameProblem(key);
            if (p != null) {
                return reject("experiment '" + v.getKey() + "': parameter name " + key + " " + p);
            }
            params.put(key, v.getValue());
        }
        if (params.size() > MAX_PARAMS) {
            return reject("has " + params.size() + " parameters (" + attributes.size() + " attributes, "
                    + e.variants().size() + " experiment variants); GA4 allows at most " + MAX_PARAMS + " per event");
        }
        for (Map.Entry<String, Object> p : params.entrySet()) {
            String problem = Ga4Names.nameProblem(p.getKey());
            if (problem != null) {
                return reject("parameter name '" + p.getKey() + "' " + problem);
            }
            String tooLong = tooLong(p.getKey(), p.getValue());
            if (tooLong != null) {
                return reject(tooLong);
            }
        }
        String userId = sendUserId ? e.userId() : null;
        return new Mapped(new Ga4Event(e.id(), e.visitorId(), userId, micros, name, params, e.consent()), null);
    }

    /** Adds an attribute; a key the sink already uses, or a reserved one, gets the {@code mc_} prefix. */
    private static String put(Map<String, Object> params, String key, String value, String what) {
        String k = key;
        if (params.containsKey(k) || SINK_PARAMS.contains(k) || Ga4Names.hasReservedPrefix(k)) {
            k = Ga4Names.SAFE_PREFIX + key;
        }
        if (params.containsKey(k)) {
            return what + " '" + key + "' collides with parameter " + k;
        }
        String problem = Ga4Names.nameProblem(k);
        if (problem != null) {
            return what + " '" + key + "': parameter name " + k + " " + problem;
        }
        params.put(k, value);
        return null;
    }

    private static String tooLong(String key, Object value) {
        if (value instanceof String s && s.length() > MAX_PARAM_VALUE) {
            return "parameter " + key + " is " + s.length() + " characters long; GA4 allows at most "
                    + MAX_PARAM_VALUE;
        }
        if (value instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> f : m.entrySet()) {
                        String t = tooLong(key + "." + f.getKey(), f.getValue());
                        if (t != null) {
                            return t;
                        }
                    }
                }
            }
        }
        return null;
    }

    private static void putIfSet(Map<String, Object> params, String key, String value) {
        if (value != null && !value.isEmpty()) {
            params.put(key, value);
        }
    }

    private static Mapped reject(String reason) {
        return new Mapped(null, reason);
    }
}
