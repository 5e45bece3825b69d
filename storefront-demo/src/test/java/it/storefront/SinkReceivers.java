package it.storefront;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-ins for the two HTTP destinations on 127.0.0.1, in the test JVM: a GA4 Measurement Protocol
 * collect endpoint and a Standard Webhooks receiver. Each checks the documented contract of every
 * request (docs/sinks.md), answers a clean 503 to every {@code failEvery}-th request, takes
 * {@code delayMillis} per request like a remote endpoint, and records every event id it answered 2xx,
 * as a multiset: an id accepted twice is counted twice.
 */
final class SinkReceivers {

    private SinkReceivers() {
    }

    /** What both receivers share: the HTTP server, the 503s, the accepted multiset, the violations. */
    abstract static class Receiver implements AutoCloseable {
        /** Event id → how many times a request carrying it was answered 2xx. */
        final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        /** Event id → when (ms since the epoch) each 2xx carrying it was decided, for the report. */
        final Map<String, List<Long>> acceptedAt = new ConcurrentHashMap<>();
        /** Requests that took this receiver more than a second to answer (it should take delayMillis). */
        final List<String> slow = Collections.synchronizedList(new ArrayList<>());
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        private final HttpServer http;
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        private final int failEvery;
        private final long delayMillis;

        Receiver(String path, int failEvery, long delayMillis) throws IOException {
            this.failEvery = failEvery;
            this.delayMillis = delayMillis;
            // REST Assured's JsonPath loads Groovy on its first use, which takes seconds on a loaded
            // machine: longer than a sink's timeout, so a first request would be answered too late and
            // sent again (a duplicate made by the receiver). Pay that before listening.
            JsonPath.from("{\"id\":\"x\",\"events\":[{\"name\":\"a\",\"params\":{\"mc_event_id\":\"x\"}}]}")
                    .getList("events.params.mc_event_id", String.class);
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            http.createContext(path, this::handle);
            http.setExecutor(pool);
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }

        /** @return the event ids of an acceptable request, or null (a contract violation, recorded) */
        abstract List<String> check(HttpExchange exchange, byte[] body);

        private void handle(HttpExchange exchange) throws IOException {
            long entered = System.nanoTime();
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                int n = requests.incrementAndGet();
                List<String> ids;
                try {
                    ids = check(exchange, body);
                } catch (RuntimeException e) {
                    violations.add("request " + n + ": " + e);
                    ids = null;
                }
                if (ids == null) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                Thread.sleep(delayMillis);
                if (n % failEvery == 0) {
                    failed.incrementAndGet();
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                // counted before the answer: a sender killed before reading it has still delivered
                long now = System.currentTimeMillis();
                ids.forEach(id -> {
                    accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    acceptedAt.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>())).add(now);
                });
                exchange.sendResponseHeaders(204, -1);
                long took = (System.nanoTime() - entered) / 1_000_000;
                if (took > 1_000) {
                    slow.add("request " + n + " took " + took + " ms: " + ids);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** @return a copy of the accepted multiset */
        Map<String, Integer> snapshot() {
            Map<String, Integer> copy = new HashMap<>();
            accepted.forEach((id, n) -> copy.put(id, n.get()));
            return copy;
        }

        @Override
        public void close() {
            http.stop(0);
            pool.shutdownNow();
        }
    }

    /** GA4 MP: POST /mp/collect?measurement_id=..&api_secret=.., JSON with client_id and 1..25 events. */
    static final class Ga4 extends Receiver {
        static final String MEASUREMENT_ID = "G-TWOSERVERS";
        static final String API_SECRET = "two-servers-secret";

        Ga4(int failEvery, long delayMillis) throws IOException {
            super("/mp/collect", failEvery, delayMillis);
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port() + "/mp/collect");
        }

        @Override
        List<String> check(HttpExchange ex, byte[] raw) {
            String where = "GA4 request " + requests.get() + ": ";
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(ex.getRequestMethod()) || type == null || !type.startsWith("application/json")
                    || !MEASUREMENT_ID.equals(query.get("measurement_id"))
                    || !API_SECRET.equals(query.get("api_secret"))) {
                violations.add(where + ex.getRequestMethod() + " " + type + " " + query.keySet());
                return null;
            }
            JsonPath json = JsonPath.from(new String(raw, StandardCharsets.UTF_8));
            String clientId = json.getString("client_id");
            List<Object> events = json.getList("events");
            if (clientId == null || clientId.isEmpty() || events == null || events.isEmpty() || events.size() > 25) {
                violations.add(where + "client_id " + clientId + ", events " + (events == null ? null : events.size()));
                return null;
            }
            List<String> ids = json.getList("events.params.mc_event_id", String.class);
            List<String> names = json.getList("events.name", String.class);
            if (ids.size() != events.size() || ids.stream().anyMatch(id -> id == null || id.isEmpty())
                    || names.stream().anyMatch(n -> n == null || !n.matches("[A-Za-z][A-Za-z0-9_]{0,39}"))) {
                violations.add(where + "events without mc_event_id or with a bad name: " + names + " " + ids);
                return null;
            }
            return ids;
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> out = new HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            return out;
        }
    }

    /** Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature (v1, HMAC-SHA256). */
    static final class Webhook extends Receiver {
        final String secret;
        private final byte[] key = new byte[32];

        Webhook(int failEvery, long delayMillis) throws IOException {
            super("/hooks", failEvery, delayMillis);
            new SecureRandom().nextBytes(key);
            secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + port() + "/hooks");
        }

        @Override
        List<String> check(HttpExchange ex, byte[] raw) {
            String body = new String(raw, StandardCharsets.UTF_8);
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String timestamp = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = ex.getRequestHeaders().getFirst("webhook-signature");
            if (id == null || timestamp == null || signature == null
                    || Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000) > 300
                    || !List.of(signature.split(" ")).contains("v1," + sign(id + "." + timestamp + "." + body))
                    || !id.equals(JsonPath.from(body).getString("id"))) {
                violations.add("webhook request " + requests.get() + ": bad headers or signature for " + id);
                return null;
            }
            return List.of(id);
        }

        private String sign(String content) {
            return sign(key, content);
        }

        /** @return the Standard Webhooks signature (base64 HMAC-SHA256) of {@code content} under {@code key} */
        static String sign(byte[] key, String content) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
