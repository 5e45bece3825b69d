package org.microconversions.interceptors.collect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The browser's way in: {@code POST {appPath}/microconversions/collect} takes a batch of events from
 * the beacon script, {@code GET {appPath}/microconversions/beacon.js} serves the script (and
 * {@code beacon-extras.js} its optional rules). All answer
 * 404 unless {@code microconversions.collect.enabled=true}: the script lives beside this class, not
 * under {@code META-INF/resources}, so the servlet container never serves it on its own.
 * Thin: {@link Collector} holds the rules. Never answers with a stack trace.
 */
@ApplicationScoped
@Path("microconversions")
public class CollectResource {

    /** Beside this class, so only {@link #script(HttpServletRequest)} serves it. */
    static final String SCRIPT = "beacon.js";
    /** The optional rules beacon.js loads when its {@code data-auto} names one; served the same way. */
    static final String EXTRAS = "beacon-extras.js";

    @Inject
    Collector collector;

    @POST
    @Path("collect")
    public Response collect(@Context HttpServletRequest request, InputStream body) {
        byte[] bytes;
        try {
            long declared = request.getContentLengthLong();
            if (declared > collector.maxRequestBytes()) {
                return json(413, "{\"error\":\"request larger than " + collector.maxRequestBytes() + " bytes\"}",
                        request);
            }
            bytes = readAtMost(body, collector.maxRequestBytes() + 1);
        } catch (IOException e) {
            return json(400, "{\"error\":\"could not read the request body\"}", request);
        }
        String consent = null;
        if (request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (Collector.CONSENT_COOKIE.equals(c.getName())) {
                    consent = c.getValue();
                }
            }
        }
        CollectOutcome outcome = collector.collect(new CollectRequest(bytes, request.getContentType(),
                CurrentVisitor.get(), request.getHeader("User-Agent"), request.getRemoteAddr(), consent,
                "1".equals(request.getHeader("Sec-GPC")), request.getHeader("Origin"), ownOrigin(request)));
        Response.ResponseBuilder r = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(outcome.json());
        if (outcome.status() == 429) {
            r.header("Retry-After", "60");
        }
        return cors(r, request).build();
    }

    /** CORS preflight, for the origins configured in {@code microconversions.collect.allowed-origins}. */
    @OPTIONS
    @Path("collect")
    public Response preflight(@Context HttpServletRequest request) {
        return cors(Response.noContent(), request)
                .header("Access-Control-Allow-Methods", "POST")
                .header("Access-Control-Allow-Headers", "Content-Type")
                .header("Access-Control-Max-Age", "600").build();
    }

    /**
     * The minified script (built from src/main/js/beacon.js). Caching: a strong {@code ETag} (hash of
     * the script) with {@code public, max-age=86400}, answered by {@code 304} when it still matches,
     * so an upgrade reaches every browser within a day; {@code beacon.js?v=<that hash>} is cached for
     * a year, {@code immutable}. Compression: a gzipped copy, made once, when the client accepts gzip.
     */
    @GET
    @Path(SCRIPT)
    public Response script(@Context HttpServletRequest request) {
        return serve(BeaconScript.get(SCRIPT), request);
    }

    /** The optional rules (src/main/js/beacon-extras.js), served as {@link #script}. */
    @GET
    @Path(EXTRAS)
    public Response extras(@Context HttpServletRequest request) {
        return serve(BeaconScript.get(EXTRAS), request);
    }

    private Response serve(BeaconScript script, HttpServletRequest request) {
        if (!collector.enabled()) {
            return Response.status(404).build();
        }
        if (script == null) {
            return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity("{\"error\":\"no script\"}")
                    .build();
        }
        boolean gzip = BeaconScript.acceptsGzip(request.getHeader("Accept-Encoding"));
        String etag = "\"" + script.version() + (gzip ? "-gz" : "") + "\"";
        String cache = script.version().equals(request.getParameter("v"))
                ? "public, max-age=31536000, immutable"
                : "public, max-age=86400";
        Response.ResponseBuilder r = BeaconScript.matches(request.getHeader("If-None-Match"), script.version())
                ? Response.notModified()
                : Response.ok(gzip ? script.gzipped() : script.bytes(), "application/javascript; charset=utf-8");
        if (gzip) {
            r.header("Content-Encoding", "gzip");
        }
        return r.header("ETag", etag).header("Cache-Control", cache).header("Vary", "Accept-Encoding").build();
    }

    private Response json(int status, String body, HttpServletRequest request) {
        return cors(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body), request).build();
    }

    private Response.ResponseBuilder cors(Response.ResponseBuilder r, HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && collector.allowedOrigins().contains(origin)) {
            r.header("Access-Control-Allow-Origin", origin).header("Access-Control-Allow-Credentials", "true")
                    .header("Vary", "Origin");
        }
        return r;
    }

    static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buf = new byte[8192];
        int total = 0;
        int n;
        while (total < limit && (n = in.read(buf, 0, Math.min(buf.length, limit - total))) > 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return out.toByteArray();
    }
}
