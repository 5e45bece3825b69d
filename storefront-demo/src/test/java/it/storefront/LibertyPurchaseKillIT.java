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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static it.storefront.LibertyProcess.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

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

    private static final int CLIENTS = 8;
    private static final Pattern ORDER_ID = Pattern.compile("\"id\"\\s*:\\s*\"(MC-[0-9A-F]{8})\"");
    private static final Pattern ATTRIBUTE = Pattern.compile("\"order_id\":\"(MC-[0-9A-F]{8})\"");

    private final String server = "purchaseKillIT" + ProcessHandle.current().pid();
    private final Path logs = ShopServerLayout.TARGET.resolve("liberty-kill-it");
    private final LibertyProcess liberty;
    private final String base;

    LibertyPurchaseKillIT() throws IOException {
        liberty = new LibertyProcess(server, logs);
        base = liberty.base;
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyPurchaseAnswered201BeforeAKillDashNineIsInMcEventAfterTheRestart() throws Exception {
        ShopServerLayout.assertBuilt();
        boolean passed = false;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); LibertyProcess shop = liberty) {
            DataSource db = pg.getPostgresDatabase();
            shop.create(pg.getJdbcUrl("postgres", "postgres"), List.of("-Xmx768m"));
            shop.start(http, "start-1");
            Burst burst = new Burst();
            burst.start();
            boolean due = waitFor(Duration.ofSeconds(120), () -> burst.finished() || burst.orders.size() >= 600);
            assertThat(due).as("600 orders within 120 s (got %s)", burst.orders.size()).isTrue();
            assertThat(burst.failedBeforeKill.get()).as("requests that failed before the kill").isZero();
            burst.killed.set(true);
            shop.kill();
            assertThat(burst.await(Duration.ofSeconds(30))).as("clients ended").isTrue();
            Set<String> acknowledged = Set.copyOf(burst.orders);
            assertThat(burst.failedAfterKill.get()).as("requests cut by the kill").isPositive();

            shop.start(http, "start-2"); // the restarted shop: what it finds in mc_event is what counts
            Set<String> persisted = new HashSet<>();
            int rows = 0;
            try (Connection c = db.getConnection();
                    Statement s = c.createStatement();
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
        }
        if (passed) {
            liberty.delete(); // a failing run keeps the server to look at
        }
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
}
