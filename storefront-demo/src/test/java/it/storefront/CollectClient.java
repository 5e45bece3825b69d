package it.storefront;

import io.restassured.path.json.JsonPath;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw HTTP to the browser collect endpoint ({@code POST /api/microconversions/collect}) with
 * java.net.http, so a test controls every byte, header, content type and chunked bodies. One
 * {@link Visitor} is one browser: its {@code mc_*} cookies from landing on the shop, consent granted.
 */
final class CollectClient {

    static final String PATH = "/api/microconversions/collect";
    /** A desktop Chrome: the endpoint drops bots by User-Agent (java.net.http's own agent is one). */
    static final String DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/126.0.0.0 Safari/537.36";
    static final List<String> BROWSER_NAMES = List.of("video-play", "video-complete", "scroll-depth",
            "engaged-time", "share", "click-to-call", "click-for-directions", "file-download", "outbound-link",
            "pages-per-visit", "returning-visitor", "time-on-site");

    /** HTTP/1.1 only (no h2c upgrade dance), localhost only, short timeouts: every call is bounded. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    private CollectClient() {
    }

    /** One browser: its cookies (visitor, session, channel) and the consent choice. */
    record Visitor(String id, Map<String, String> cookies) {

        String cookieHeader(boolean withConsent) {
            String own = cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "));
            return withConsent ? own + "; mc_consent=granted" : own;
        }

        /** This visitor's stored conversions, from {@code GET /api/me/conversions}. */
        List<Map<String, Object>> conversions() {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/me/conversions"))
                    .header("Cookie", cookieHeader(true)).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(10)).GET().build());
            assertThat(r.statusCode()).as("GET /api/me/conversions: %s", r.body()).isEqualTo(200);
            return new JsonPath(r.body()).getList("$");
        }
    }

    /** Lands on the shop page like a new browser and keeps the cookies the server sets. */
    static Visitor land() {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/")).header("User-Agent", DESKTOP_CHROME)
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(page.statusCode()).as("GET /").isEqualTo(200);
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String setCookie : page.headers().allValues("set-cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.startsWith("mc_")) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        assertThat(cookies).as("cookies set on landing").containsKey("mc_vid");
        return new Visitor(cookies.get("mc_vid"), Map.copyOf(cookies));
    }

    static URI uri(String pathAndQuery) {
        return URI.create(ShopClient.baseUri() + pathAndQuery);
    }

    /** A POST to the collect endpoint as a consenting desktop browser, JSON body. */
    static HttpRequest.Builder post(Visitor v, String json) {
        return HttpRequest.newBuilder(uri(PATH)).timeout(Duration.ofSeconds(20))
                .header("User-Agent", DESKTOP_CHROME).header("Cookie", v.cookieHeader(true))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /** A body publisher without a length: java.net.http sends it with Transfer-Encoding: chunked. */
    static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One event of the beacon's format; {@code attributes} may be null (left out). */
    static String event(String id, String name, long ts, Map<String, String> attributes) {
        StringBuilder b = new StringBuilder("{\"id\":").append(quote(id)).append(",\"name\":").append(quote(name))
                .append(",\"ts\":").append(ts);
        if (attributes != null) {
            b.append(",\"attributes\":{").append(attributes.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).collect(Collectors.joining(",")))
                    .append('}');
        }
        return b.append('}').toString();
    }

    static String batch(List<String> events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    /** A JSON string literal; non-ASCII as \\u escapes so lone surrogates survive as written. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** @return the stored conversions' timestamps in epoch milliseconds */
    static Set<Long> occurredAtMillis(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> Instant.parse(String.valueOf(r.get("occurredAt"))).toEpochMilli())
                .collect(Collectors.toSet());
    }

    /** The contract of every refusal: JSON with an {@code error} reason, and no stack trace. */
    static String refusalProblem(HttpResponse<String> r) {
        String body = r.body();
        String type = r.headers().firstValue("content-type").orElse("");
        if (!type.startsWith("application/json")) {
            return "content type '" + type + "', not application/json";
        }
        if (body.contains("Exception") || body.contains("at org.") || body.contains("\tat ")) {
            return "stack trace text in the body";
        }
        try {
            String error = new JsonPath(body).getString("error");
            return error == null || error.isBlank() ? "no error field" : null;
        } catch (RuntimeException e) {
            return "body is not JSON";
        }
    }
}
