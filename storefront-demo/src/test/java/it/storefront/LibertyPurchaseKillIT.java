package it.storefront;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Durable purchases on a REAL Open Liberty server on PostgreSQL: the server is killed with SIGKILL
 * during a burst of checkouts ({@code POST /api/buy-now}, then {@code POST /api/orders}, which
 * records {@code purchase}, a macro conversion and so durable by default) and started again.
 * Every order answered 201 has its purchase in {@code mc_event}, counted exactly by order id.
 *
 * <p>Runs its own server in {@code target/liberty/wlp} as {@link LibertyKillIT} does, on free ports
 * (the Arquillian-managed server of the other tests may be up on the build's).
 */
class LibertyPurchaseKillIT {

    private static final Path WLP = ShopServerLayout.WLP;
    private static final int CLIENTS = 8;
    private static final Pattern ORDER_ID = Pattern.compile("\"id\"\\s*:\\s*\"(MC-[0-9A-F]{8})\"");
    private static final Pattern ATTRIBUTE = Pattern.compile("\"order_id\":\"(MC-[0-9A-F]{8})\"");

    private final String server = "purchaseKillIT" + ProcessHandle.current().pid();
    private final Path serverDir = WLP.resolve("usr/servers").resolve(server);
    private final Path logs = ShopServerLayout.TARGET.resolve("liberty-kill-it");
    private final int httpPort;
    private final int httpsPort;
    private final String base;

    LibertyPurchaseKillIT() throws java.io.IOException {
        httpPort = ShopServerLayout.freePort();
        httpsPort = ShopServerLayout.freePort();
        base = "http://127.0.0.1:" + httpPort;
    }
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyPurchaseAnswered201BeforeAKillDashNineIsInMcEventAfterTheRestart() throws Exception {
        ShopServerLayout.assertBuilt();
        Files.createDirectories(logs);
        boolean passed = false;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource db = pg.getPostgresDatabase();
            createServer(pg.getJdbcUrl("postgres", "postgres"));
            try {
                ProcessHandle liberty = start("start-1");
                Burst burst = new Burst();
                burst.start();
                boolean due = waitFor(Duration.ofSeconds(120), () -> burst.finished() || burst.orders.size() >= 600);
                assertThat(due).as("600 orders within 120 s (got %s)", burst.orders.size()).isTrue();
                assertThat(burst.failedBeforeKill.get()).as("requests that failed before the kill").isZero();
                burst.killed.set(true);
                assertThat(liberty.destroyForcibly()).isTrue(); // SIGKILL
                liberty.onExit().get(30, TimeUnit.SECONDS);
                assertThat(burst.await(Duration.ofSeconds(30))).as("clients ended").isTrue();
                Set<String> acknowledged = Set.copyOf(burst.orders);
                assertThat(burst.failedAfterKill.get()).as("requests cut by the kill").isPositive();

                start("start-2"); // the restarted shop: what it finds in mc_event is what counts
                Set<String> persisted = new HashSet<>();
                int rows = 0;
                try (Connection c = db.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT attributes FROM mc_event WHERE name = 'purchase'")) {
                    while (rs.next()) {
                        Matcher m = ATTRIBUTE.matcher(rs.getString(1));
                        assertThat(m.find()).as("order_id in %s", rs.getString(1)).isTrue();
                        persisted.add(m.group(1));
                        rows++;
                    }
                }
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(persisted);
                Set<String> unanswered = new HashSet<>(persisted);
                unanswered.removeAll(acknowledged);
                System.out.printf("[LibertyPurchaseKillIT] %d purchases answered 201, %d in mc_event after the"
                                + " restart, %d answered but missing, %d stored but not answered (cut by the kill)%n",
                        acknowledged.size(), persisted.size(), missing.size(), unanswered.size());
                assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(600);
                assertThat(missing).as("purchases answered 201 but not in mc_event").isEmpty();
                assertThat(rows).as("each purchase stored once").isEqualTo(persisted.size());
                assertThat(unanswered.size()).as("at most one in flight per client").isLessThanOrEqualTo(CLIENTS);
                passed = true;
            } finally {
                stop();
            }
        } finally {
            Path messages = serverDir.resolve("logs/messages.log");
            if (Files.exists(messages)) {
                Files.copy(messages, logs.resolve(server + "-messages.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            if (passed) {
                deleteTree(serverDir);
            }
        }
    }

    private void createServer(String jdbcUrl) throws Exception {
        deleteTree(serverDir);
        run("create");
        ShopServerLayout.copyShop(serverDir);
        Files.writeString(serverDir.resolve("bootstrap.properties"), String.join("\n",
                "http.port=" + httpPort, "https.port=" + httpsPort, "mc.db.url=" + jdbcUrl,
                "mc.db.user=postgres", "mc.db.password=postgres", ""));
        Files.writeString(serverDir.resolve("jvm.options"), "-Xmx768m\n");
    }

    private ProcessHandle start(String label) throws Exception {
        run(label.startsWith("start") ? "start" : label);
        Path pidFile = WLP.resolve("usr/servers/.pid/" + server + ".pid");
        ProcessHandle jvm = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
        boolean up = waitFor(Duration.ofSeconds(90), () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/api/cart")).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        if (!up) {
            fail("the shop did not answer on " + base + " within 90 s (" + label + "); see " + serverDir + "/logs");
        }
        return jvm;
    }

    /** {@code server stop}; SIGKILL whatever JVM of this server is left. Never throws. */
    private void stop() {
        try {
            run("stop");
        } catch (Exception | AssertionError e) {
            System.err.println("[LibertyPurchaseKillIT] server stop failed: " + e);
        }
        ProcessHandle.allProcesses().filter(p -> {
            try {
                String cmd = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
                return cmd.contains("ws-server.jar\0" + server);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }).forEach(p -> {
            System.err.println("[LibertyPurchaseKillIT] killing leftover Liberty JVM " + p.pid());
            p.destroyForcibly();
        });
    }

    private void run(String action) throws Exception {
        Path out = logs.resolve(server + "-" + action + ".log");
        ProcessBuilder pb = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, server)
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("server " + action + " took more than 150 s; see " + out);
        }
        assertThat(p.exitValue()).as("server %s: %s", action, Files.readString(out)).isZero();
    }

    /** {@link #CLIENTS} shoppers, each buying one mug after another until the server is gone. */
    private final class Burst {
        final Set<String> orders = ConcurrentHashMap.newKeySet();
        final AtomicInteger failedBeforeKill = new AtomicInteger();
        final AtomicInteger failedAfterKill = new AtomicInteger();
        final AtomicBoolean killed = new AtomicBoolean();
        private final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        private final String run = Long.toString(System.nanoTime(), 36);

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                String visitor = "killpurchase-" + run + "-" + i;
                pool.execute(() -> client(visitor));
            }
            pool.shutdown();
        }

        boolean finished() {
            return pool.isTerminated();
        }

        boolean await(Duration d) throws InterruptedException {
            return pool.awaitTermination(d.toMillis(), TimeUnit.MILLISECONDS);
        }

        private HttpResponse<String> post(String path, String visitor, String json) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("Cookie", "mc_vid=" + visitor)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        private void client(String visitor) {
            while (true) {
                boolean after = killed.get();
                try {
                    HttpResponse<String> checkout = post("/api/buy-now", visitor,
                            "{\"productId\":\"stoneware-mug\",\"quantity\":1}");
                    if (checkout.statusCode() == 200) {
                        HttpResponse<String> order = post("/api/orders", visitor, "{\"name\":\"Kill Test\","
                                + "\"email\":\"kill@example.com\",\"address\":\"1 Test Street\","
                                + "\"cardNumber\":\"4242424242424242\"}");
                        if (order.statusCode() == 201) {
                            Matcher m = ORDER_ID.matcher(order.body());
                            assertThat(m.find()).as("order id in %s", order.body()).isTrue();
                            orders.add(m.group(1));
                            continue;
                        }
                    }
                } catch (IOException e) {
                    // connection refused or reset: the server is gone
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    failedBeforeKill.incrementAndGet();
                    return;
                }
                if (after || killed.get()) {
                    failedAfterKill.incrementAndGet();
                    return;
                }
                failedBeforeKill.incrementAndGet();
                if (failedBeforeKill.get() > 10) {
                    return;
                }
            }
        }
    }

    private static boolean waitFor(Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[LibertyPurchaseKillIT] could not delete " + dir + ": " + e);
        }
    }
}
