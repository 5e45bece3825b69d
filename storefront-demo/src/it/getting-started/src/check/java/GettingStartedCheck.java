import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of the getting-started shop, against the running server (single-file program, no
 * dependencies): {@code java GettingStartedCheck.java http://localhost:9080/my-shop}
 *
 * <ol>
 *   <li>3 POSTs to the annotated method: {@code microconversions_conversions_total} for
 *       {@code newsletter-signup} at {@code /metrics} is exactly 3 (fresh server);</li>
 *   <li>3 rows {@code newsletter-signup} in {@code mc_event} (embedded Derby) within 30 s;</li>
 *   <li>a plain servlet reads all 1,000 bytes of an application/x-www-form-urlencoded POST, also
 *       with utm_ parameters in the URL (the library's capture filter sees the request first).</li>
 * </ol>
 * Exits 1 with every failed check printed.
 */
public final class GettingStartedCheck {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> FAILURES = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        URI app = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        URI metrics = app.resolve("/metrics?scope=application");

        // the server is up (liberty:start waited for it); wait up to 60 s for the application too
        long ready = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = 0;
        while (System.nanoTime() < ready) {
            try {
                status = send(HttpRequest.newBuilder(app.resolve("api/rows?name=none")).GET()).statusCode();
            } catch (java.io.IOException e) {
                status = -1;
            }
            if (status == 200) {
                break;
            }
            Thread.sleep(250);
        }
        if (status != 200) {
            System.err.println("[GettingStartedCheck] FAILED: the application did not answer within 60 s (" + status + ")");
            System.exit(1);
        }

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(app.resolve("api/newsletter"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            check(r.statusCode() == 204, "POST api/newsletter answered " + r.statusCode() + ": " + r.body());
        }

        HttpResponse<String> m = send(HttpRequest.newBuilder(metrics).GET());
        check(m.statusCode() == 200, "GET /metrics answered " + m.statusCode());
        Matcher line = Pattern.compile("(?m)^microconversions_conversions_total\\{([^}]*)\\} (\\S+)$").matcher(m.body());
        String value = null;
        while (line.find()) {
            if (line.group(1).contains("name=\"newsletter-signup\"") && line.group(1).contains("kind=\"micro\"")) {
                value = line.group(2);
            }
        }
        check("3.0".equals(value), "microconversions_conversions_total{name=\"newsletter-signup\"} is " + value
                + ", expected exactly 3.0");

        String rows = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(app.resolve("api/rows?name=newsletter-signup")).GET());
            rows = r.statusCode() + " " + r.body().strip();
            if (rows.equals("200 3")) {
                break;
            }
            Thread.sleep(250);
        }
        check("200 3".equals(rows), "rows newsletter-signup in mc_event: " + rows + ", expected 200 3");

        byte[] form = form(1000);
        for (String path : List.of("form", "form?utm_source=newsletter&utm_medium=email&utm_campaign=spring")) {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(app.resolve(path))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            check(r.statusCode() == 200, "POST " + path + " answered " + r.statusCode());
            check(Arrays.equals(form, r.body()), "POST " + path + ": the servlet read " + r.body().length
                    + " bytes, not the 1000 sent");
        }

        if (!FAILURES.isEmpty()) {
            FAILURES.forEach(f -> System.err.println("[GettingStartedCheck] FAILED: " + f));
            System.exit(1);
        }
        System.out.println("[GettingStartedCheck] counter exactly 3.0 at /metrics, 3 rows in mc_event, "
                + "form body of 1000 bytes intact (with and without utm_ parameters): passed");
    }

    /** Exactly {@code size} bytes of form fields, with percent-encoded UTF-8 and '+' in them. */
    static byte[] form(int size) {
        StringBuilder b = new StringBuilder("name=Gr%C3%B6%C3%9Fe+M&email=a%40example.org&note=");
        for (int i = 0; b.length() < size; i++) {
            b.append((char) ('a' + i % 26));
        }
        byte[] bytes = b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != size) {
            throw new IllegalStateException("form of " + bytes.length + " bytes");
        }
        return bytes;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            FAILURES.add(failure);
        }
    }
}
