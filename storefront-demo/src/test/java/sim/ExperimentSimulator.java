package sim;

import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Experiments decide sooner": plays visitors with a KNOWN true effect of the product page layout
 * through the real pipeline of a running storefront (HTTP: the shop's REST API records the
 * conversions, the library assigns the variants, persists to the database, and the insights API
 * computes the z-tests), then reports after how many visitors each goal's experiment decided.
 *
 * <p>Truth (per visitor): classic adds to cart 20 %, gallery 24 %; 40 % of those proceed to
 * checkout; then classic buys 25 % and gallery 22.9 % of those, so purchase is 2.0 % vs 2.2 %.
 * The visitor ids are derived from the seed, so the library's hash assigns the same variants on
 * every run: one seed, one reproducible run. Each seed reads only its own conversions (the
 * insights API's {@code from=} the seed's start), so seeds can run against the same server.
 *
 * <p>Three readings, because peeking at a fixed-horizon p-value after every block inflates false
 * positives (docs/insights.md): "peeking" = first block with p &lt; alpha (and whether it stayed
 * below alpha at every later look), "fixed horizon" = the single look at the precomputed sample size
 * for the true effect (alpha, power 80 %), and "sequential" = the first block whose always-valid
 * decision (mSPRT) is a stop, which may be read at every block.
 *
 * <pre>
 * ./mvnw -pl storefront-demo -DskipTests package liberty:run        # the shop, in another terminal
 * ./mvnw -q -pl storefront-demo test-compile exec:java -Dsim.seeds=1,2,3 -Dsim.visitors=12000
 * </pre>
 * System properties: sim.base (http://localhost:9080), sim.user (analyst:analyst), sim.seeds (1,2,3),
 * sim.visitors per seed (12000), sim.block (500), sim.threads (8), sim.experiment (product_layout),
 * sim.effect (true; false = an A/A test where gallery behaves like classic).
 */
public final class ExperimentSimulator {

    static final List<String> GOALS = List.of("add-to-cart", "proceed-to-checkout", "purchase");
    static final double POWER_Z = 0.8416; // power 80 %

    /** True probabilities: add to cart per view, checkout per add, purchase per checkout. */
    record Truth(double add, double checkout, double purchase) {
        double rate(String goal) {
            return switch (goal) {
                case "add-to-cart" -> add;
                case "proceed-to-checkout" -> add * checkout;
                default -> add * checkout * purchase;
            };
        }
    }

    static final Truth CLASSIC = new Truth(0.20, 0.40, 0.25);
    static final Truth GALLERY = new Truth(0.24, 0.40, 0.022 / 0.096);

    record Look(long visitors, Map<String, JsonPath> byGoal) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String auth;
    private final String experiment;
    private final boolean effect;
    private List<String> products;

    ExperimentSimulator(String base, String user, String experiment, boolean effect) {
        this.base = base.replaceAll("/$", "");
        this.auth = "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
        this.experiment = experiment;
        this.effect = effect;
    }

    public static void main(String[] args) throws Exception {
        String base = System.getProperty("sim.base", "http://localhost:9080");
        long[] seeds = Arrays.stream(System.getProperty("sim.seeds", "1,2,3").split(",")).map(String::trim)
                .mapToLong(Long::parseLong).toArray();
        int visitors = Integer.getInteger("sim.visitors", 12_000);
        int block = Integer.getInteger("sim.block", 500);
        int threads = Integer.getInteger("sim.threads", 8);
        boolean effect = Boolean.parseBoolean(System.getProperty("sim.effect", "true"));
        ExperimentSimulator sim = new ExperimentSimulator(base, System.getProperty("sim.user", "analyst:analyst"),
                System.getProperty("sim.experiment", "product_layout"), effect);
        sim.products = sim.waitForShop();

        StringBuilder table = new StringBuilder();
        table.append(
                "| seed | goal | true rate classic → gallery | fixed horizon (visitors, α, power 80 %) | decision at the horizon | peeking every ")
                .append(block).append(": first p < α at | stayed < α? | lift at the end (95 % CI) | correct? |")
                .append(" sequential (mSPRT): decided at | its decision |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        long started = System.nanoTime();
        for (long seed : seeds) {
            List<Look> looks = sim.run(seed, visitors, block, threads);
            for (String goal : GOALS) {
                table.append(sim.row(seed, goal, looks)).append('\n');
            }
        }
        System.out.printf(Locale.ROOT, "%n%d seeds × %d visitors in %.0f s against %s (%s)%n%n", seeds.length, visitors,
                (System.nanoTime() - started) / 1e9, base, effect ? "true effect" : "A/A: no effect");
        System.out.println(table);
    }

    /** The product ids, once the shop answers (it may still be starting or redeploying). */
    List<String> waitForShop() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                return JsonPath.from(get("/api/products", null)).getList("id", String.class);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no shop at " + base + ": " + e.getMessage(), e);
                }
                Thread.sleep(1_000);
            }
        }
    }

    List<Look> run(long seed, int visitors, int block, int threads) throws Exception {
        Thread.sleep(1_100); // the previous seed's conversions are older than this seed's start
        Instant start = Instant.now();
        List<Look> looks = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong errors = new AtomicLong();
        try {
            for (int from = 0; from < visitors; from += block) {
                List<Future<?>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(visitors, from + block); i++) {
                    int n = i;
                    batch.add(pool.submit(() -> {
                        try {
                            visit(seed, n);
                        } catch (Exception e) {
                            if (errors.incrementAndGet() < 5) {
                                System.err.println("visitor " + n + ": " + e);
                            }
                        }
                    }));
                }
                for (Future<?> f : batch) {
                    f.get();
                }
                long sent = Math.min(visitors, from + block);
                looks.add(look(start, sent));
                JsonPath add = looks.get(looks.size() - 1).byGoal().get("add-to-cart");
                System.err.printf(Locale.ROOT, "seed %d: %6d visitors, add-to-cart p=%s%n", seed, sent,
                        add.getString("variants[1].pValue"));
            }
        } finally {
            pool.shutdownNow();
        }
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " visitors failed");
        }
        return looks;
    }

    /** One visitor: lands from a channel, views a product, maybe adds it, checks out, pays. */
    void visit(long seed, int n) throws IOException, InterruptedException {
        Random rng = new Random(seed * 1_000_003L + n);
        String visitor = String.format(Locale.ROOT, "sim%d-%07d-%016x", seed, n, rng.nextLong());
        double c = rng.nextDouble();
        String utm = c < 0.25
                ? "utm_source=newsletter&utm_medium=email&utm_campaign=spring"
                : c < 0.55
                        ? "utm_source=google&utm_medium=cpc&utm_campaign=brand"
                        : c < 0.70 ? "utm_source=instagram&utm_medium=social" : null;
        String product = products.get(rng.nextInt(products.size()));
        double u1 = rng.nextDouble(), u2 = rng.nextDouble(), u3 = rng.nextDouble();
        double wish = rng.nextDouble(), letter = rng.nextDouble(); // other micro conversions, same for both variants

        String cookie = "mc_vid=" + visitor;
        HttpResponse<String> landing = send(HttpRequest.newBuilder(uri("/api/experiments/" + experiment, utm))
                .header("Cookie", cookie).GET().build(), 200);
        String variant = JsonPath.from(landing.body()).getString("variant");
        String session = landing.headers().allValues("Set-Cookie").stream().filter(s -> s.startsWith("mc_sid="))
                .map(s -> s.substring(0, s.indexOf(';'))).findFirst().orElse("");
        cookie = cookie + "; " + session;
        Truth truth = effect && "gallery".equals(variant) ? GALLERY : CLASSIC;

        send(HttpRequest.newBuilder(uri("/api/products/" + product, utm)).header("Cookie", cookie).GET().build(), 200);
        if (wish < 0.06) {
            send(json(uri("/api/wishlist", utm), cookie, "{\"productId\":\"" + product + "\"}"), 200);
        }
        if (letter < (utm != null && utm.contains("newsletter") ? 0.01 : 0.04)) {
            send(json(uri("/api/newsletter", utm), cookie, "{\"email\":\"" + visitor + "@example.com\"}"), 200);
        }
        if (u1 >= truth.add()) {
            return;
        }
        send(json(uri("/api/cart/items", utm), cookie, "{\"productId\":\"" + product + "\",\"quantity\":1}"), 200);
        if (u2 >= truth.checkout()) {
            return;
        }
        send(HttpRequest.newBuilder(uri("/api/checkout", utm)).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
        if (u3 >= truth.purchase()) {
            return;
        }
        send(json(uri("/api/orders", utm), cookie, "{\"name\":\"Sim Visitor\",\"email\":\"" + visitor
                + "@example.com\",\"address\":\"Rua da Fonte Taurina 12, Porto\",\"cardNumber\":\"4242 4242 4242 4242\"}"),
                201);
    }

    /** The experiment results of this seed, once every visitor sent so far is in the database. */
    Look look(Instant start, long sent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Map<String, JsonPath> byGoal = new LinkedHashMap<>();
            for (String goal : GOALS) {
                byGoal.put(goal, JsonPath.from(get("/api/microconversions/insights/experiments/" + experiment,
                        "goal=" + goal + "&from=" + start)));
            }
            long seen = byGoal.get("add-to-cart").getList("variants.visitors", Long.class).stream()
                    .mapToLong(Long::longValue).sum();
            if (seen >= sent) {
                return new Look(sent, byGoal);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + seen + " of " + sent + " visitors persisted after 60 s");
            }
            Thread.sleep(250);
        }
    }

    String row(long seed, String goal, List<Look> looks) {
        JsonPath last = looks.get(looks.size() - 1).byGoal().get(goal);
        double alpha = last.getDouble("alpha");
        double p1 = CLASSIC.rate(goal);
        double p2 = (effect ? GALLERY : CLASSIC).rate(goal);
        boolean truthBetter = p2 > p1;
        // fixed horizon: visitors per variant for the true effect, at alpha (two-sided) and power 80 %
        double z = inverseNormal(1 - alpha / 2);
        long perVariant = effect
                ? (long) Math.ceil(Math.pow(z + POWER_Z, 2) * (p1 * (1 - p1) + p2 * (1 - p2))
                        / Math.pow(p2 - p1, 2))
                : -1;
        String horizon;
        String decision;
        Boolean correct = null;
        Look at = perVariant < 0
                ? null
                : looks.stream()
                        .filter(l -> minVisitors(l.byGoal().get(goal)) >= perVariant).findFirst().orElse(null);
        if (perVariant < 0) {
            horizon = "– (A/A)";
            Look end = looks.get(looks.size() - 1);
            boolean sig = below(end.byGoal().get(goal), alpha);
            decision = (sig ? "**false positive**" : "no difference ✔")
                    + String.format(Locale.ROOT, " at %,d", end.visitors());
            correct = !sig;
        } else if (at == null) {
            horizon = String.format(Locale.ROOT, "%,d", 2 * perVariant);
            decision = "not reached in " + String.format(Locale.ROOT, "%,d", looks.get(looks.size() - 1).visitors());
        } else {
            horizon = String.format(Locale.ROOT, "%,d", 2 * perVariant);
            JsonPath r = at.byGoal().get(goal);
            boolean sig = below(r, alpha);
            double lift = r.getDouble("variants[1].absoluteLift");
            correct = sig && (lift > 0) == truthBetter;
            decision = (sig ? (lift > 0 ? "gallery better" : "gallery worse") : "no difference")
                    + String.format(Locale.ROOT, " (p=%.2g) at %,d", r.getDouble("variants[1].pValue"), at.visitors());
        }
        Integer first = null;
        boolean stayed = true;
        for (Look l : looks) {
            boolean sig = below(l.byGoal().get(goal), alpha);
            if (sig && first == null) {
                first = (int) l.visitors();
            } else if (!sig && first != null) {
                stayed = false;
            }
        }
        String peek = first == null ? "never" : String.format(Locale.ROOT, "%,d", first);
        String lift = String.format(Locale.ROOT, "%+.2f pp (%+.2f … %+.2f)",
                100 * last.getDouble("variants[1].absoluteLift"),
                100 * last.getDouble("variants[1].ciLow"), 100 * last.getDouble("variants[1].ciHigh"));
        String verdict = correct == null
                ? "undecided (horizon not reached)"
                : correct
                        ? "yes"
                        : decision.startsWith("no difference") ? "missed (type II; power is 80 %)" : "**wrong**";
        // the always-valid reading: the first look whose decision is a stop, valid however often we looked
        Look stop = looks.stream()
                .filter(l -> l.byGoal().get(goal).getString("variants[1].decision").startsWith("stop"))
                .findFirst().orElse(null);
        String sequentialAt = stop == null
                ? "not in " + String.format(Locale.ROOT, "%,d", looks.get(looks.size() - 1).visitors())
                : String.format(Locale.ROOT, "%,d", stop.visitors());
        String sequentialDecision = stop == null
                ? "continue"
                : stop.byGoal().get(goal).getString("variants[1].decision")
                        + (effect ? "" : " (**false positive**)");
        return String.format(Locale.ROOT, "| %d | %s | %.1f %% → %.1f %% | %s | %s | %s | %s | %s | %s | %s | %s |",
                seed,
                goal, 100 * p1, 100 * p2, horizon, decision, peek,
                first == null ? "–" : stayed ? "yes" : "no (flipped back)",
                lift, verdict, sequentialAt, sequentialDecision);
    }

    /** p &lt; alpha for the challenger (the first variant is the control) */
    private static boolean below(JsonPath r, double alpha) {
        Object p = r.get("variants[1].pValue");
        return p != null && ((Number) p).doubleValue() < alpha;
    }

    private static long minVisitors(JsonPath r) {
        return r.getList("variants.visitors", Long.class).stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /** Acklam's rational approximation of the standard normal quantile (|error| &lt; 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) {
            return -inverseNormal(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    private URI uri(String path, String query) {
        return URI.create(base + path + (query == null ? "" : "?" + query));
    }

    private static HttpRequest json(URI uri, String cookie, String body) {
        return HttpRequest.newBuilder(uri).header("Cookie", cookie).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IOException(request.method() + " " + request.uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private String get(String path, String query) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path, query)).header("Authorization", auth)
                .header("Accept", "application/json").GET().build(), 200).body();
    }
}
