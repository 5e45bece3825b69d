package it.storefront;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static it.storefront.LibertyProcess.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault test on a REAL Open Liberty server: the server is killed with SIGKILL during a burst of
 * tracked add-to-cart requests and started again; every conversion that was persisted in PostgreSQL
 * is then delivered to the webhook receiver (at least once, de-duplicated on {@code webhook-id}) and
 * nothing stays owed.
 *
 * <p>Arquillian cannot survive a kill, so this test drives the Liberty runtime the build lays out in
 * {@code target/liberty/wlp} itself: it creates its own server (unique name, random ports), copies the
 * shop's server config and {@code target/storefront-demo.war} into it, and uses {@code bin/server
 * start/stop}. PostgreSQL (zonky) and the webhook receiver (JDK HttpServer on 127.0.0.1) run in this JVM.
 * The receiver answers after a few milliseconds, like a remote endpoint, so the outbox has a backlog
 * when the kill comes. The Liberty JVM is found through {@code usr/servers/.pid/NAME.pid} (written by
 * {@code server start}), cross-checked against the command line {@code ... ws-server.jar NAME}.
 */
class LibertyKillIT {

    /** Add-to-cart requests of the burst, at most. */
    private static final int BURST = 2_000;
    private static final int CLIENTS = 8;
    /** Adds per visitor (the shop allows 99 of one product in a cart). */
    private static final int ADDS_PER_VISITOR = 40;
    /** What the receiver takes per message: a forwarder falls behind a burst. */
    private static final long RECEIVER_DELAY_MS = 4;

    private final String server = "killIT" + ProcessHandle.current().pid();
    private final Path logs = LibertyProcess.TARGET.resolve("liberty-kill-it");

    @Test
    void everyPersistedConversionIsForwardedAfterKillDashNineOfLiberty() throws Exception {
        long started = System.nanoTime();
        ShopServerLayout.assertBuilt();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);

        boolean passed = false;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Receiver receiver = new Receiver(key);
                LibertyProcess liberty = new LibertyProcess(server, logs)) {
            DataSource db = pg.getPostgresDatabase();
            liberty.create(pg.getJdbcUrl("postgres", "postgres"), List.of(
                    "-Xmx768m",
                    "-Dmicroconversions.sink.webhook.enabled=true",
                    "-Dmicroconversions.sink.webhook.url=" + receiver.url(),
                    "-Dmicroconversions.sink.webhook.secret=" + secret,
                    "-Dmicroconversions.outbox.lease=8s", // > 3s: the webhook delivery (5s) outlives it, renewed by a 5s statement
                    "-Dmicroconversions.outbox.poll-interval=500ms"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            liberty.start(http, "start-1");

            // ---- the burst, killed half-way --------------------------------------------------
            Burst burst = new Burst(http, liberty.base);
            burst.start();
            boolean due = waitFor(Duration.ofSeconds(60), () -> burst.finished()
                    || burst.ok.get() >= 500 && receiver.ids.size() >= 5 && owed(db) >= 20);
            assertThat(due).as("kill point reached within 60 s (ok=%s, received=%s)",
                    burst.ok.get(), receiver.ids.size()).isTrue();
            assertThat(burst.finished()).as("the burst was still running when the kill came").isFalse();
            assertThat(burst.failedBeforeKill.get()).as("requests that failed before the kill").isZero();

            burst.killed.set(true);
            liberty.kill();
            assertThat(burst.await(Duration.ofSeconds(30))).as("burst clients ended").isTrue();

            Thread.sleep(500); // commits PostgreSQL received before the kill are visible now
            Set<String> persistedAtKill = ids(db, "SELECT id FROM mc_event");
            long owedAtKill = owed(db);
            int receivedAtKill = receiver.ids.size();
            System.out.printf("[LibertyKillIT] kill after %d ok requests: %d failed after the kill,"
                    + " %d persisted, %d owed, %d received%n", burst.ok.get(),
                    burst.failedAfterKill.get(), persistedAtKill.size(), owedAtKill, receivedAtKill);
            // the kill really interrupted work: clients saw the server go, and deliveries were owed
            assertThat(burst.failedAfterKill.get()).as("requests that failed after the kill").isPositive();
            assertThat(burst.ok.get()).as("requests answered").isLessThan(BURST);
            assertThat(persistedAtKill).as("conversions persisted before the kill").hasSizeGreaterThan(100);
            assertThat(owedAtKill).as("deliveries owed right after the kill").isPositive();
            assertThat(receivedAtKill).as("received before the kill").isLessThan(persistedAtKill.size());

            // ---- restart: the new instance takes the lease over and forwards what is owed ----------
            liberty.start(http, "start-2");
            boolean drained = waitFor(Duration.ofSeconds(90), () -> owed(db) == 0);
            Set<String> persisted = ids(db, "SELECT id FROM mc_event");
            assertThat(drained).as("nothing owed within 90 s of the restart (still owed: %s)", owed(db))
                    .isTrue();
            assertThat(persisted).containsAll(persistedAtKill);
            assertThat(count(db, "SELECT COUNT(*) FROM mc_outbox WHERE sink = 'webhook' AND status = 'dead'"))
                    .as("dead-lettered deliveries").isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM mc_outbox WHERE sink = 'webhook' AND status = 'sent'"))
                    .as("sent deliveries").isEqualTo(persisted.size());
            Set<String> missing = new HashSet<>(persisted);
            missing.removeAll(receiver.ids);
            assertThat(missing).as("persisted conversions never received by the webhook").isEmpty();
            assertThat(receiver.badSignatures.get()).as("messages with a bad signature").isZero();
            System.out.printf("[LibertyKillIT] %d persisted, %d received (%d messages, %d duplicates) in %d s%n",
                    persisted.size(), receiver.ids.size(), receiver.messages.get(),
                    receiver.messages.get() - receiver.ids.size(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            passed = true;
        }
        if (passed) {
            new LibertyProcess(server, logs).delete(); // a failing run keeps the server to look at
        }
    }

    // ---- the burst ----------------------------------------------------------------------------------

    /** {@link #CLIENTS} threads POSTing add-to-cart, {@link #BURST} requests at most. */
    private static final class Burst {
        final AtomicInteger tickets = new AtomicInteger();
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failedBeforeKill = new AtomicInteger();
        final AtomicInteger failedAfterKill = new AtomicInteger();
        final AtomicBoolean killed = new AtomicBoolean();
        private final HttpClient http;
        private final String base;
        private final String run = Long.toString(System.nanoTime(), 36);
        private final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);

        Burst(HttpClient http, String base) {
            this.http = http;
            this.base = base;
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                pool.execute(this::client);
            }
            pool.shutdown();
        }

        boolean finished() {
            return pool.isTerminated();
        }

        boolean await(Duration d) throws InterruptedException {
            return pool.awaitTermination(d.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void client() {
            int n;
            while ((n = tickets.getAndIncrement()) < BURST) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/cart/items"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .header("Cookie", "mc_vid=killit-" + run + "-" + (n / ADDS_PER_VISITOR))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"productId\":\"stoneware-mug\",\"quantity\":1}"))
                        .build();
                boolean after = killed.get();
                try {
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        ok.incrementAndGet();
                        continue;
                    }
                } catch (IOException e) {
                    // connection refused or reset: the server is gone
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (after || killed.get()) {
                    failedAfterKill.incrementAndGet();
                    return; // the server is gone: this client is done
                }
                failedBeforeKill.incrementAndGet();
            }
        }
    }

    // ---- the webhook receiver ------------------------------------------------------------------------

    /** Standard Webhooks receiver on 127.0.0.1: records {@code webhook-id}s, checks signatures. */
    private static final class Receiver implements AutoCloseable {
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final AtomicInteger messages = new AtomicInteger();
        final AtomicInteger badSignatures = new AtomicInteger();
        private final byte[] key;
        private final HttpServer http;
        private final ExecutorService pool = Executors.newFixedThreadPool(4);

        Receiver(byte[] key) throws IOException {
            this.key = key;
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            http.createContext("/hooks", this::handle);
            http.setExecutor(pool);
            http.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hooks");
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
                messages.incrementAndGet();
                if (id == null || timestamp == null || signature == null
                        || !List.of(signature.split(" "))
                                .contains("v1," + SinkReceivers.Webhook.sign(key, id + "." + timestamp + "." + body))
                        || !body.contains("\"id\":\"" + id + "\"")) {
                    badSignatures.incrementAndGet();
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                Thread.sleep(RECEIVER_DELAY_MS);
                ids.add(id);
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            http.stop(0);
            pool.shutdownNow();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static long owed(DataSource db) {
        return count(db, "SELECT COUNT(*) FROM mc_outbox WHERE sink = 'webhook' AND status = 'owed'");
    }

    private static long count(DataSource db, String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the schema is not migrated yet
            }
            throw new IllegalStateException(sql, e);
        }
    }

    private static Set<String> ids(DataSource db, String sql) throws java.sql.SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
