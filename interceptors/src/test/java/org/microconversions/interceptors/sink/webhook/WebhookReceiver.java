package org.microconversions.interceptors.sink.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A webhook receiver on 127.0.0.1 that verifies every message as a Standard Webhooks library
 * would, with its own HMAC code: signature over {@code id.timestamp.body}, timestamp within
 * 5 minutes, {@code webhook-id} equal to the body's id. Failed checks are collected and
 * answered 401.
 */
final class WebhookReceiver implements AutoCloseable {

    /** 32 random bytes, as the shop would configure them. */
    static final byte[] KEY = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=");
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    /** What to answer. */
    record Answer(int status, long sleepMillis, String retryAfter) {
        Answer(int status, long sleepMillis) {
            this(status, sleepMillis, null);
        }
    }

    /** An accepted message. */
    record Received(String id, long timestamp, JsonObject body, int request) {
        JsonObject data() {
            return body.getJsonObject("data");
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AtomicInteger requests = new AtomicInteger();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    /** Every verified message, including those answered with an error. */
    final List<Received> seen = Collections.synchronizedList(new ArrayList<>());
    /** Messages answered 2xx. */
    final List<Received> accepted = Collections.synchronizedList(new ArrayList<>());
    final List<String> signatureHeaders = Collections.synchronizedList(new ArrayList<>());
    /** Request number and message to answer. */
    volatile BiFunction<Integer, Received, Answer> behaviour = (n, m) -> new Answer(204, 0);

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    int requests() {
        return requests.get();
    }

    List<Received> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    List<Received> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        int n = requests.incrementAndGet();
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            Received m = verify(ex, raw, n);
            if (m == null) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            seen.add(m);
            Answer a = behaviour.apply(n, m);
            if (a.status() >= 200 && a.status() < 300) {
                accepted.add(m); // processed even if the answer below comes too late for the sender
            }
            if (a.sleepMillis() > 0) {
                try {
                    Thread.sleep(a.sleepMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (a.retryAfter() != null) {
                ex.getResponseHeaders().set("Retry-After", a.retryAfter());
            }
            ex.sendResponseHeaders(a.status(), -1);
        } catch (RuntimeException e) {
            violations.add("request " + n + ": receiver failed: " + e);
        }
    }

    private Received verify(HttpExchange ex, byte[] raw, int n) {
        String id = ex.getRequestHeaders().getFirst("webhook-id");
        String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
        String sig = ex.getRequestHeaders().getFirst("webhook-signature");
        String type = ex.getRequestHeaders().getFirst("content-type");
        if (!"POST".equals(ex.getRequestMethod()) || id == null || ts == null || sig == null
                || type == null || !type.startsWith("application/json")) {
            violations.add("request " + n + ": method or headers missing: " + ex.getRequestHeaders().keySet());
            return null;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            violations.add("request " + n + ": webhook-timestamp " + ts);
            return null;
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > 300) {
            violations.add("request " + n + ": stale webhook-timestamp " + ts);
            return null;
        }
        signatureHeaders.add(sig);
        byte[] expected = hmac(KEY, id + "." + ts + "." + new String(raw, StandardCharsets.UTF_8));
        boolean ok = false;
        for (String part : sig.split(" ")) {
            if (part.startsWith("v1,") && MessageDigest.isEqual(expected,
                    Base64.getDecoder().decode(part.substring(3)))) {
                ok = true;
            }
        }
        if (!ok) {
            violations.add("request " + n + ": bad signature " + sig);
            return null;
        }
        JsonObject body;
        try (JsonReader r = Json.createReader(new StringReader(new String(raw, StandardCharsets.UTF_8)))) {
            body = r.readObject();
        } catch (RuntimeException e) {
            violations.add("request " + n + ": not JSON " + e);
            return null;
        }
        if (!id.equals(body.getString("id", null)) || !"microconversion.recorded".equals(body.getString("type", null))
                || body.getJsonObject("data") == null) {
            violations.add("request " + n + ": body does not match the schema: " + body);
            return null;
        }
        return new Received(id, timestamp, body, n);
    }

    static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
