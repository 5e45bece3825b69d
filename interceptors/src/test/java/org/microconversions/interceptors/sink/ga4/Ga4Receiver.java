package org.microconversions.interceptors.sink.ga4;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * A stand-in for GA4's collect endpoint on 127.0.0.1 that checks every request against the
 * Measurement Protocol rules (written here independently of the sink, from the documentation)
 * and records the events of the requests it accepts. Rule violations are collected, not
 * answered: GA4 itself answers 2xx to payloads it drops.
 */
final class Ga4Receiver implements AutoCloseable {

    static final String MEASUREMENT_ID = "G-TEST12345";
    static final String API_SECRET = "s3cr3t&key";

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");
    private static final Set<String> RESERVED = Set.of("ad_impression", "app_remove", "app_store_refund",
            "app_store_subscription_cancel", "app_store_subscription_renew", "click", "error", "file_download",
            "first_open", "first_visit", "form_start", "form_submit", "in_app_purchase", "page_view", "scroll",
            "session_start", "user_engagement", "view_complete", "video_progress", "video_start",
            "view_search_results");
    private static final List<String> RESERVED_PREFIXES = List.of("_", "firebase_", "ga_", "google_", "gtag.");
    private static final Set<String> TOP_LEVEL = Set.of("client_id", "user_id", "timestamp_micros",
            "user_properties", "consent", "events", "non_personalized_ads", "user_data", "user_location", "device");

    /** What to answer to the n-th request (from 1). */
    record Answer(int status, long sleepMillis, String body, String retryAfter) {
        Answer(int status, long sleepMillis, String body) {
            this(status, sleepMillis, body, null);
        }

        static Answer ok() {
            return new Answer(204, 0, "");
        }
    }

    /** An event of an accepted request. */
    record Received(String clientId, String userId, String name, JsonObject params, long timestampMicros,
            int request) {
        String param(String key) {
            JsonValue v = params.get(key);
            return v == null ? null : v instanceof JsonString s ? s.getString() : v.toString();
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AtomicInteger requests = new AtomicInteger();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    final List<Received> events = Collections.synchronizedList(new ArrayList<>());
    /** Events per accepted request, in order. */
    final List<Integer> requestSizes = Collections.synchronizedList(new ArrayList<>());
    final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    /** Bodies of accepted requests. */
    final List<JsonObject> bodies = Collections.synchronizedList(new ArrayList<>());
    volatile IntFunction<Answer> behaviour = n -> Answer.ok();

    Ga4Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mp/collect", this::handle);
        server.createContext("/debug/mp/collect", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mp/collect");
    }

    int requests() {
        return requests.get();
    }

    List<Received> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        int n = requests.incrementAndGet();
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            paths.add(ex.getRequestURI().getPath());
            List<Received> parsed = check(ex, raw, n);
            Answer a = behaviour.apply(n);
            if (a.status() >= 200 && a.status() < 300 && parsed != null) {
                // received (and kept) even if the answer below comes too late for the sender
                synchronized (events) {
                    events.addAll(parsed);
                }
                requestSizes.add(parsed.size());
                bodies.add(lastBody.get());
            }
            if (a.sleepMillis() > 0) {
                try {
                    Thread.sleep(a.sleepMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            if (a.retryAfter() != null) {
                ex.getResponseHeaders().set("Retry-After", a.retryAfter());
            }
            ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
        } catch (RuntimeException e) {
            violations.add("request " + n + ": receiver failed: " + e);
        }
    }

    private void violation(int n, String what) {
        violations.add("request " + n + ": " + what);
    }

    private final ThreadLocal<JsonObject> lastBody = new ThreadLocal<>();

    /** @return the client_id of the request being answered, on the thread that answers it; "" if none */
    String lastClientId() {
        JsonObject b = lastBody.get();
        return b != null && b.get("client_id") instanceof JsonString s ? s.getString() : "";
    }

    /** @return the request's events, or null if it is not even JSON */
    private List<Received> check(HttpExchange ex, byte[] raw, int n) {
        if (!"POST".equals(ex.getRequestMethod())) {
            violation(n, "method " + ex.getRequestMethod());
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            violation(n, "content type " + type);
        }
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        if (!MEASUREMENT_ID.equals(query.get("measurement_id")) || !API_SECRET.equals(query.get("api_secret"))) {
            violation(n, "query " + query);
        }
        if (raw.length >= 130_000) {
            violation(n, "body of " + raw.length + " bytes");
        }
        JsonObject body;
        try (JsonReader r = Json.createReader(new StringReader(new String(raw, StandardCharsets.UTF_8)))) {
            body = r.readObject();
        } catch (RuntimeException e) {
            violation(n, "not JSON: " + e);
            return null;
        }
        lastBody.set(body);
        for (String key : body.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                violation(n, "unknown top-level field " + key);
            }
        }
        String clientId = body.get("client_id") instanceof JsonString s && !s.getString().isEmpty()
                ? s.getString()
                : null;
        if (clientId == null) {
            violation(n, "no client_id");
        }
        String userId = body.get("user_id") instanceof JsonString s ? s.getString() : null;
        if (body.containsKey("user_id") && userId == null) {
            violation(n, "user_id is not a string");
        }
        if (body.containsKey("timestamp_micros")) {
            checkMicros(n, "timestamp_micros", body.get("timestamp_micros"));
        }
        if (body.containsKey("consent")) {
            JsonObject consent = body.getJsonObject("consent");
            for (String k : consent.keySet()) {
                if (!Set.of("ad_user_data", "ad_personalization").contains(k)
                        || !Set.of("GRANTED", "DENIED").contains(consent.getString(k, ""))) {
                    violation(n, "consent " + consent);
                }
            }
        }
        if (!(body.get("events") instanceof JsonArray events) || events.isEmpty() || events.size() > 25) {
            violation(n, "events must be an array of 1 to 25, got " + body.get("events"));
            return null;
        }
        List<Received> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonObject e = events.getJsonObject(i);
            String where = "events[" + i + "]";
            String name = e.getString("name", null);
            if (name == null || !NAME.matcher(name).matches() || RESERVED.contains(name) || reservedPrefix(name)) {
                violation(n, where + " bad event name " + name);
            }
            long micros = 0;
            if (e.containsKey("timestamp_micros")) {
                micros = checkMicros(n, where + ".timestamp_micros", e.get("timestamp_micros"));
            }
            JsonObject params = e.getJsonObject("params");
            if (params == null) {
                violation(n, where + " has no params");
                params = JsonValue.EMPTY_JSON_OBJECT;
            }
            if (params.size() > 25) {
                violation(n, where + " has " + params.size() + " params");
            }
            for (Map.Entry<String, JsonValue> p : params.entrySet()) {
                if (!NAME.matcher(p.getKey()).matches() || reservedPrefix(p.getKey())) {
                    violation(n, where + " bad param name " + p.getKey());
                }
                checkValue(n, where + ".params." + p.getKey(), p.getValue());
            }
            if (!(params.get("engagement_time_msec") instanceof JsonNumber t) || t.longValue() <= 0) {
                violation(n, where + " without engagement_time_msec > 0");
            }
            if (params.containsKey("items") && !(params.get("items") instanceof JsonArray)) {
                violation(n, where + " items is not an array");
            }
            if (params.containsKey("value")) {
                if (!(params.get("value") instanceof JsonNumber)) {
                    violation(n, where + " value is not a number");
                }
                if (!(params.get("currency") instanceof JsonString c) || !c.getString().matches("[A-Z]{3}")) {
                    violation(n, where + " value without an ISO 4217 currency");
                }
            }
            if ("purchase".equals(name) && (!(params.get("transaction_id") instanceof JsonString tx)
                    || tx.getString().isEmpty())) {
                violation(n, where + " purchase without transaction_id");
            }
            out.add(new Received(clientId, userId, name, params, micros, n));
        }
        return out;
    }

    private void checkValue(int n, String where, JsonValue v) {
        if (v instanceof JsonString s && s.getString().length() > 100) {
            violation(n, where + " is " + s.getString().length() + " characters");
        } else if (v instanceof JsonArray a) {
            for (JsonValue item : a) {
                if (item instanceof JsonObject o) {
                    o.forEach((k, iv) -> checkValue(n, where + "." + k, iv));
                } else {
                    violation(n, where + " array element is not an object");
                }
            }
        } else if (v instanceof JsonObject) {
            violation(n, where + " is an object");
        }
    }

    private long checkMicros(int n, String where, JsonValue v) {
        if (!(v instanceof JsonNumber num) || !num.isIntegral() || num.toString().length() != 16) {
            violation(n, where + " is not 16-digit microseconds: " + v);
            return 0;
        }
        long micros = num.longValue();
        Instant at = Instant.EPOCH.plusNanos(micros * 1000);
        Instant now = Instant.now();
        if (at.isBefore(now.minus(Duration.ofHours(72))) || at.isAfter(now.plusSeconds(60))) {
            violation(n, where + " " + at + " is more than 72 h back or in the future");
        }
        return micros;
    }

    private static boolean reservedPrefix(String name) {
        return RESERVED_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
