package it.storefront;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path TARGET = MODULE.resolve("target");
    private static final Path WLP = TARGET.resolve("liberty/wlp");

    /** Add-to-cart requests of the burst, at most. */
    private static final int BURST = 2_000;
    private static final int CLIENTS = 8;
    /** Adds per visitor (the shop allows 99 of one product in a cart). */
    private static final int ADDS_PER_VISITOR = 40;
    /** What the receiver takes per message: a forwarder falls behind a burst. */
    private static final long RECEIVER_DELAY_MS = 4;

    private final String server = "killIT" + ProcessHandle.current().pid();
    private final Path serverDir = WLP.resolve("usr/servers").resolve(server);
    private final Path logs = TARGET.resolve("liberty-kill-it");

    @Test
    void everyPersistedConversionIsForwardedAfterKillDashNineOfLiberty() throws Exception {
        long started = System.nanoTime();
        ShopServerLayout.assertBuilt();
        Files.createDirectories(logs);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);

        boolean passed = false;
        ProcessHandle liberty = null;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Receiver receiver = new Receiver(key)) {
            DataSource db = pg.getPostgresDatabase();
            int httpPort = ShopServerLayout.freePort();
            int httpsPort = ShopServerLayout.freePort();
            createServer(pg.getJdbcUrl("postgres", "postgres"), httpPort, httpsPort, receiver.url(), secret);
            String base = "http://127.0.0.1:" + httpPort;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            try {
                liberty = start(http, base, "start-1");

                // ---- the burst, killed half-way --------------------------------------------------
                Burst burst = new Burst(http, base);
                burst.start();
                boolean due = waitFor(Duration.ofSeconds(60), () -> burst.finished()
                        || burst.ok.get() >= 500 && receiver.ids.size() >= 5 && owed(db) >= 20);
                assertThat(due).as("kill point reached within 60 s (ok=%s, received=%s)",
                        burst.ok.get(), receiver.ids.size()).isTrue();
                assertThat(burst.finished()).as("the burst was still running when the kill came").isFalse();
                assertThat(burst.failedBeforeKill.get()).as("requests that failed before the kill").isZero();

                burst.killed.set(true);
                kill(liberty);
                ProcessHandle dead = liberty;
                liberty = null;
                assertThat(dead.isAlive()).isFalse();
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
                liberty = start(http, base, "start-2");
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
            } finally {
                stop(liberty);
            }
        } finally {
            copyLogs();
            if (passed) {
                deleteTree(serverDir);
            }
        }
    }

    // ---- the Liberty server ------------------------------------------------------------------------

    private void createServer(String jdbcUrl, int httpPort, int httpsPort, URI webhook, String secret)
            throws Exception {
        deleteTree(serverDir);
        run(Duration.ofSeconds(90), "create", List.of(WLP.resolve("bin/server").toString(), "create", server));
        ShopServerLayout.copyShop(serverDir);
        Path war = serverDir.resolve("dropins/storefront-demo.war");
        try (ZipFile zip = new ZipFile(war.toFile())) {
            assertThat(zip.getEntry("WEB-INF/web.xml") != null || zip.size() > 0).isTrue();
        }
        Files.writeString(serverDir.resolve("bootstrap.properties"), String.join("\n",
                "http.port=" + httpPort,
                "https.port=" + httpsPort,
                "mc.db.url=" + jdbcUrl,
                "mc.db.user=postgres",
                "mc.db.password=postgres",
                ""));
        Files.writeString(serverDir.resolve("jvm.options"), String.join("\n",
                "-Xmx768m",
                "-Dmicroconversions.sink.webhook.enabled=true",
                "-Dmicroconversions.sink.webhook.url=" + webhook,
                "-Dmicroconversions.sink.webhook.secret=" + secret,
                "-Dmicroconversions.outbox.lease=3s",
                "-Dmicroconversions.outbox.poll-interval=500ms",
                ""));
    }

    /** {@code server start}, then waits until the shop answers; returns the server JVM. */
    private ProcessHandle start(HttpClient http, String base, String label) throws Exception {
        run(Duration.ofSeconds(150), label, List.of(WLP.resolve("bin/server").toString(), "start", server));
        ProcessHandle jvm = serverJvm();
        Path messagesLog = serverDir.resolve("logs/messages.log");
        boolean up = waitFor(Duration.ofSeconds(90), () -> {
            String failure = applicationFailure(messagesLog);
            if (failure != null) {
                stop(jvm);
                fail("storefront-demo did not start on server " + server + ": " + failure);
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/api/cart"))
                                .timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        if (!up) {
            stop(jvm);
            fail("the shop did not answer on " + base + " within 90 s of server start; see " + logs);
        }
        String messages = Files.readString(messagesLog);
        assertThat(messages).as("%s/logs/messages.log", serverDir)
                .contains("CWWKZ0001I: Application storefront-demo started");
        return jvm;
    }

    /** @return the first line of an application start failure in messages.log, or null */
    private static String applicationFailure(Path messagesLog) {
        try {
            if (!Files.exists(messagesLog)) {
                return null;
            }
            return Files.readAllLines(messagesLog, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("CWWKZ0002E") || l.contains("CWWKZ0004E") || l.contains("CWWKZ0013E"))
                    .findFirst().map(l -> l.length() > 1_000 ? l.substring(0, 1_000) : l).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null; // being written: read it on the next poll
        }
    }

    /** The server's JVM: the pid {@code server start} wrote, checked against the process's command line. */
    private ProcessHandle serverJvm() throws IOException {
        Path pidFile = WLP.resolve("usr/servers/.pid/" + server + ".pid");
        List<ProcessHandle> jvms = ProcessHandle.allProcesses().filter(this::isServerJvm).toList();
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(this::isServerJvm);
            if (p.isPresent()) {
                return p.get();
            }
        }
        assertThat(jvms).as("Liberty JVMs running server %s", server).hasSize(1);
        return jvms.get(0);
    }

    private boolean isServerJvm(ProcessHandle p) {
        List<String> args = commandLine(p);
        int jar = args.indexOf("-jar");
        return p.isAlive() && jar >= 0 && jar + 2 < args.size() && args.get(jar + 1).endsWith("ws-server.jar")
                && args.get(jar + 2).equals(server)
                && args.get(jar + 1).startsWith(WLP.toString());
    }

    private static List<String> commandLine(ProcessHandle p) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of(); // gone, or not ours to read
        }
    }

    private static void kill(ProcessHandle jvm) throws Exception {
        assertThat(jvm.destroyForcibly()).as("SIGKILL sent to %s", jvm.pid()).isTrue();
        jvm.onExit().get(30, TimeUnit.SECONDS);
    }

    /** {@code server stop}; SIGKILL if the JVM is still there after it. Never throws. */
    private void stop(ProcessHandle jvm) {
        try {
            if (jvm != null && jvm.isAlive() || !ProcessHandle.allProcesses().filter(this::isServerJvm).toList().isEmpty()) {
                run(Duration.ofSeconds(60), "stop", List.of(WLP.resolve("bin/server").toString(), "stop", server));
            }
        } catch (Exception | AssertionError e) {
            System.err.println("[LibertyKillIT] server stop failed: " + e);
        }
        List<ProcessHandle> left = new ArrayList<>(ProcessHandle.allProcesses().filter(this::isServerJvm).toList());
        if (jvm != null && jvm.isAlive()) {
            left.add(jvm);
        }
        for (ProcessHandle p : left) {
            System.err.println("[LibertyKillIT] killing leftover Liberty JVM " + p.pid());
            p.destroyForcibly();
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("[LibertyKillIT] " + p.pid() + " did not exit: " + e);
            }
        }
    }

    private void run(Duration timeout, String label, List<String> command) throws Exception {
        Path out = logs.resolve(server + "-" + label + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("server " + label + " took more than " + timeout + "; see " + out);
        }
        assertThat(p.exitValue()).as("exit code of server %s (%s): %s", label, out, Files.readString(out)).isZero();
    }

    private void copyLogs() {
        Path from = serverDir.resolve("logs/messages.log");
        try {
            if (Files.exists(from)) {
                Files.copy(from, logs.resolve(server + "-messages.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("[LibertyKillIT] could not copy " + from + ": " + e);
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
                        || !List.of(signature.split(" ")).contains("v1," + sign(id + "." + timestamp + "." + body))
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

        private String sign(String content) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
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
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[LibertyKillIT] could not delete " + dir + ": " + e);
        }
    }
}
