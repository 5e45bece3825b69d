package it.storefront;

import io.restassured.RestAssured;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Ops check: what the shop exposes at {@code /metrics} is valid Prometheus text that
 * {@code promtool check metrics} accepts, our series follow the conventions ops expect (counters
 * end in {@code _total}, durations in seconds, only bounded labels), and a real Prometheus
 * scrapes and stores them. Needs the Debian package {@code prometheus} (promtool and prometheus
 * on the PATH): the tests fail, never skip, without it.
 */
@ExtendWith(ArquillianExtension.class)
class MetricsExpositionIT {

    /** The only label names our series may carry: all bounded. */
    private static final Set<String> ALLOWED_LABELS = Set.of("name", "kind", "exception", "reason", "sink",
            "mp_scope", "quantile", "le");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
    private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) (.*)$");
    /** promtool's lint lines: {@code <metric> <problem>}. */
    private static final Pattern LINT = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$");
    /** Shape of the ids the capture filter generates (two base-36 longs) and of UUIDs. */
    private static final Pattern ID_LIKE = Pattern.compile(
            "[0-9a-z]{20,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.storefront();
    }

    @Test
    void metricsPassPromtoolAndFollowPrometheusConventions() throws Exception {
        String promtool = requireOnPath("promtool");
        List<String> visitorIds = driveTrackedActions();

        String application = fetch("/metrics?scope=application");
        String all = fetch("/metrics");

        // 1. promtool: application scope (only our metrics) must be clean: parses, no lint problem
        ProcessResult app = run(List.of(promtool, "check", "metrics"), application);
        assertThat(app.exitCode())
                .as("promtool check metrics < /metrics?scope=application: exit %d, output:%n%s%n--- exposition:%n%s",
                        app.exitCode(), app.output(), application)
                .isZero();

        // 2. promtool: all scopes. Exit 1 = unparsable text: always a failure. Exit 3 = lint
        //    problems only: Liberty's own base/vendor metrics (camelCase MP Metrics names such as
        //    classloader_loadedClasses_count) are flagged there; none of the problems may be ours.
        ProcessResult whole = run(List.of(promtool, "check", "metrics"), all);
        assertThat(whole.exitCode())
                .as("promtool check metrics < /metrics: exit %d (0 = clean, 3 = lint problems only), output:%n%s",
                        whole.exitCode(), whole.output())
                .isIn(0, 3);
        List<String> problems = whole.output().lines().filter(l -> !l.isBlank()).toList();
        assertThat(problems).as("promtool output for /metrics: every line must be a lint problem of a metric")
                .allSatisfy(l -> assertThat(l).matches(LINT));
        assertThat(problems).as("promtool problems about our metrics in /metrics (all scopes)")
                .filteredOn(l -> l.startsWith("microconversions_"))
                .isEmpty();
        // ...and our families, cut out of the all-scopes text, pass on their own
        String ours = families(all, "microconversions_");
        ProcessResult oursOnly = run(List.of(promtool, "check", "metrics"), ours);
        assertThat(oursOnly.exitCode())
                .as("promtool check metrics < microconversions_* families of /metrics: output:%n%s%n--- input:%n%s",
                        oursOnly.output(), ours)
                .isZero();

        // 3. the conventions, on both scrapes
        for (String exposition : List.of(application, all)) {
            assertConventions(exposition, visitorIds);
        }
    }

    @Test
    void aRealPrometheusScrapesAndStoresTheConversionCounter() throws Exception {
        String prometheus = requireOnPath("prometheus");
        driveTrackedActions();

        Path dir = Files.createTempDirectory("mc-prometheus");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI target = URI.create(ShopClient.baseUri());
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: storefront
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['%s:%d']
                """.formatted(target.getHost(), target.getPort()));
        Process process = new ProcessBuilder(prometheus,
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String query = "http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode("microconversions_conversions_total{name=\"add-to-cart\"}",
                            StandardCharsets.UTF_8);
            String answer;
            try {
                answer = Awaitility.await("Prometheus on 127.0.0.1:" + port + " has scraped the shop")
                        .atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(() -> {
                            assertThat(process.isAlive()).as("prometheus process alive").isTrue();
                            return http.send(HttpRequest.newBuilder(URI.create(query))
                                    .timeout(Duration.ofSeconds(5)).build(),
                                    HttpResponse.BodyHandlers.ofString()).body();
                        }, body -> body.contains("\"status\":\"success\"") && body.contains("\"value\""));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "\n--- prometheus.log:\n"
                        + Files.readString(dir.resolve("prometheus.log")), e);
            }
            assertThat(answer).contains("\"__name__\":\"microconversions_conversions_total\"")
                    .contains("\"name\":\"add-to-cart\"").contains("\"job\":\"storefront\"");
            Matcher value = Pattern.compile("\"value\":\\[[0-9.]+,\"([0-9.eE+-]+)\"]").matcher(answer);
            assertThat(value.find()).as("a sample value in %s", answer).isTrue();
            assertThat(Double.parseDouble(value.group(1))).as("stored add-to-cart count").isGreaterThanOrEqualTo(1.0);

            // the target is healthy: no scrape error for the whole /metrics page
            String targets = http
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(targets).as("Prometheus targets").contains("\"health\":\"up\"").contains("\"lastError\":\"\"");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /**
     * Two visitors: add to cart, add to wishlist, checkout, and a failing add-to-cart (unknown
     * product); waits until the conversions are persisted so the persist timer has samples.
     *
     * @return the visitor ids
     */
    private static List<String> driveTrackedActions() {
        List<String> ids = new ArrayList<>();
        for (String product : List.of("stoneware-mug", "desk-lamp")) {
            ShopClient v = new ShopClient().land("/");
            ids.add(v.visitorId());
            v.postJson("/api/cart/items", Map.of("productId", product, "quantity", 1)).then().statusCode(200);
            v.postJson("/api/wishlist", Map.of("productId", product)).then().statusCode(200);
            v.request().post("/api/checkout").then().statusCode(200);
            v.postJson("/api/cart/items", Map.of("productId", "no-such-product", "quantity", 1)).then().statusCode(404);
            Awaitility.await("persisted conversions of " + v.visitorId())
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(v::conversions, rows -> rows.size() >= 3);
        }
        return ids;
    }

    private static void assertConventions(String exposition, List<String> visitorIds) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher t = TYPE.matcher(line);
            if (t.matches() && t.group(1).startsWith("microconversions_")) {
                types.put(t.group(1), t.group(2));
            }
            Matcher h = HELP.matcher(line);
            if (h.matches() && h.group(1).startsWith("microconversions_")) {
                helps.put(h.group(1), h.group(2));
            }
        }
        assertThat(types).as("our metric families").containsKeys("microconversions_conversions_total",
                "microconversions_failures_total", "microconversions_persisted_total");
        types.forEach((family, type) -> {
            assertThat(helps.get(family)).as("HELP of %s", family).isNotBlank();
            if (type.equals("counter")) {
                assertThat(family).as("counter name").endsWith("_total");
            } else {
                assertThat(family).as("%s %s must not end in _total", type, family).doesNotEndWith("_total");
            }
        });

        // the persist timer: base unit seconds, and plausible values in seconds (not ms or ns)
        assertThat(types).as("persist timer family (seconds)")
                .containsEntry("microconversions_persist_duration_seconds", "summary");
        assertThat(types.keySet()).as("no duration in another unit")
                .noneMatch(f -> f.matches(".*_(milli|micro|nano)seconds.*|.*_ms(_.*)?$"));
        Metrics metrics = Metrics.parse(exposition);
        double count = metrics.require("microconversions_persist_duration_seconds_count", Map.of());
        double sum = metrics.require("microconversions_persist_duration_seconds_sum", Map.of());
        assertThat(count).as("batches timed").isGreaterThanOrEqualTo(1.0);
        assertThat(sum / count).as("mean batch write time in seconds").isGreaterThan(0.0).isLessThan(30.0);

        // labels: only bounded names, and no value that looks like (or is) a visitor or session id
        List<Metrics.Sample> ourSamples = samples(exposition).stream()
                .filter(s -> s.name().startsWith("microconversions_")).toList();
        Set<String> labelNames = ourSamples.stream().flatMap(s -> s.labels().keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(labelNames).as("label names on microconversions_* series").isSubsetOf(ALLOWED_LABELS);
        List<String> suspicious = ourSamples.stream()
                .flatMap(s -> s.labels().entrySet().stream()
                        .filter(l -> ID_LIKE.matcher(l.getValue()).find()
                                || visitorIds.stream().anyMatch(id -> l.getValue().contains(id)))
                        .map(l -> s.name() + "{" + l.getKey() + "=\"" + l.getValue() + "\"}"))
                .toList();
        assertThat(suspicious).as("label values that look like visitor/session ids").isEmpty();
        assertThat(metrics.require(Metrics.CONVERSIONS, Map.of("name", "add-to-cart", "kind", "micro")))
                .isGreaterThanOrEqualTo(2.0);
        assertThat(metrics.failures("add-to-cart")).as("failed add-to-cart calls counted").isGreaterThanOrEqualTo(2.0);
        // two visitors did the same things: one series per conversion name, not per visitor
        assertThat(ourSamples.stream().filter(s -> s.name().equals(Metrics.CONVERSIONS))
                .filter(s -> "add-to-cart".equals(s.labels().get("name"))).count())
                .as("add-to-cart conversion series").isEqualTo(1);
    }

    /** Every sample line with its labels (the test helper {@link Metrics} keeps them private). */
    private static List<Metrics.Sample> samples(String exposition) {
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        List<Metrics.Sample> out = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            Matcher m = sample.matcher(line.trim());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = label.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Metrics.Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return out;
    }

    /** The HELP, TYPE and sample lines of the families whose name starts with {@code prefix}. */
    private static String families(String exposition, String prefix) {
        return Arrays.stream(exposition.split("\n"))
                .filter(l -> l.startsWith(prefix) || l.startsWith("# HELP " + prefix)
                        || l.startsWith("# TYPE " + prefix))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String fetch(String pathAndQuery) {
        io.restassured.response.Response r = RestAssured.given().baseUri(ShopClient.baseUri()).get(pathAndQuery);
        assertThat(r.statusCode()).as("GET %s", pathAndQuery).isEqualTo(200);
        assertThat(r.contentType()).as("content type of %s", pathAndQuery).startsWith("text/plain");
        return r.asString();
    }

    private static String requireOnPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, tool);
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return fail(tool + " is not on the PATH (" + path + "): install it with `apt-get install prometheus` "
                + "(Debian/Ubuntu package with promtool and prometheus); this ops check does not skip");
    }

    record ProcessResult(int exitCode, String output) {
    }

    /** Runs a command with {@code stdin} as its input; stdout and stderr together; bounded. */
    private static ProcessResult run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(could not read output: " + e + ")";
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + PROCESS_TIMEOUT);
        }
        try {
            return new ProcessResult(p.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("could not collect the output of " + command, e);
        }
    }
}
