package org.microconversions.interceptors.sink;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** The HTTP client the built-in HTTP sinks send with. */
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
                .version("http".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_1_1
                        : HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
