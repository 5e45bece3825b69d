package org.microconversions.interceptors.collect;

import org.microconversions.api.Channel;
import org.microconversions.api.VisitorContext;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Builds collect requests as the JAX-RS resource would from an HTTP request. */
final class Requests {

    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
    static final String OWN = "http://localhost:9080";
    static final VisitorContext VISITOR = new VisitorContext("visitor-0123456789abcdef", "session-0123456789",
            null, new Channel("newsletter", "email", "spring"), Map.of());

    private Requests() {
    }

    static CollectRequest json(String body) {
        return new CollectRequest(body.getBytes(StandardCharsets.UTF_8), "application/json", VISITOR, BROWSER,
                "127.0.0.1", "granted", false, OWN, OWN);
    }

    static CollectRequest with(CollectRequest r, String contentType, String userAgent, String consent, boolean gpc,
            String origin) {
        return new CollectRequest(r.body(), contentType, r.visitor(), userAgent, r.clientAddress(), consent, gpc,
                origin, r.ownOrigin());
    }

    static String event(UUID id, String name, long ts, String attributesJson) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"ts\":" + ts
                + (attributesJson == null ? "" : ",\"attributes\":" + attributesJson) + "}";
    }

    static String batch(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }
}
