package org.microconversions.interceptors.sink;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The HTTP client the built-in HTTP sinks send with, and how they read an answer. */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * HTTP/1.1 to a plain {@code http} URI (the JDK would otherwise try an h2c upgrade on every
     * connection), HTTP/2 over TLS. Redirects are not followed: the sink sees them and holds.
     *
     * @param uri            where the sink sends
     * @param connectTimeout the longest a connection may take
     */
    public static HttpClient to(URI uri, Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout)
                .version("http".equalsIgnoreCase(uri.getScheme())
                        ? HttpClient.Version.HTTP_1_1
                        : HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends a request and reads at most {@code maxBodyBytes} of the answer's body: enough for a
     * reason or validation messages, never a whole page a misconfigured destination sends back.
     */
    public static Answer send(HttpClient http, HttpRequest request, int maxBodyBytes)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(maxBodyBytes), StandardCharsets.UTF_8);
        }
        return new Answer(response.statusCode(), body, response.headers().firstValue("Retry-After").orElse(null));
    }

    /**
     * @param status     the HTTP status
     * @param body       the start of the body
     * @param retryAfter the {@code Retry-After} header, or null
     */
    public record Answer(int status, String body, String retryAfter) {

        /** @return whether the destination accepted the request (2xx) */
        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }
}
