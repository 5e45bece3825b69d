package it.storefront;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static it.storefront.LibertyProcess.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two REAL Open Liberty servers against one PostgreSQL, both taking the shop's traffic and both
 * forwarding to a GA4-compatible and a Standard Webhooks receiver (in this JVM, on 127.0.0.1), which
 * answer a clean 503 to every 5th request and record every event id they answer 2xx.
 *
 * <ol>
 *   <li><b>Calm run</b>: journeys (add-to-cart, proceed-to-checkout, purchase) alternately at both
 *   servers from a few client threads; once nothing is owed, every acknowledged conversion is in
 *   {@code mc_event} and each receiver accepted each of them <b>exactly once</b>.</li>
 *   <li><b>Kill run</b>: the same traffic; the server holding the GA4 lease is killed with SIGKILL
 *   mid-burst (while deliveries are in flight), the clients go on at the other one, the killed one is
 *   started again and takes traffic again. Once nothing is owed: every persisted conversion was
 *   accepted by each receiver, every accepted id is a persisted conversion, nothing is dead-lettered,
 *   and a conversion was accepted twice <b>only</b> if a receiver had accepted it before the kill and
 *   it was not yet marked sent then (the at-least-once window: sent, not yet marked), at most twice.
 *   The number of such duplicates is printed, with the conversions acknowledged to a client but lost
 *   in the killed JVM's memory (durable acknowledgement is a separate concern).</li>
 * </ol>
 *
 * The servers are driven like {@link LibertyKillIT} drives one ({@link LibertyProcess}): own names,
 * random ports, distinct {@code microconversions.outbox.instance-id}s. Both are started at once on the
 * empty database: Flyway migrates under its advisory lock, so one migrates and the other finds it done.
 */
class TwoServersExactlyOncePostgresIT {

    private static final String TAG = "[TwoServersExactlyOncePostgresIT] ";
    /** Each receiver answers 503 to every FAIL_EVERY-th request. */
    private static final int FAIL_EVERY = 5;
    /** What a receiver takes per request, like a remote endpoint: the forwarders have a backlog. */
    private static final long RECEIVER_DELAY_MS = 4;
    private static final int CLIENTS = 4;
    /** Journeys (3 conversions each) start at most this often, all clients together, in the calm run. */
    private static final long CALM_PERIOD_MS = 40;
    /**
     * ... and in the kill run: ~37 conversions/s, which the forwarders keep up with on 2 loaded cores
     * while one server carries all the traffic during the other's restart (30 to 40 s there).
     */
    private static final long KILL_PERIOD_MS = 80;
    private static final int CALM_JOURNEYS = 120;
    /** The kill comes after this many journeys of the kill run. */
    private static final int KILL_AFTER = 90;
    /** Journeys at the restarted server before the burst ends. */
    private static final int AFTER_RESTART = 30;
    /** Journeys of the kill run at most, whatever the restart takes. */
    private static final int MAX_JOURNEYS = 1_500;
    private static final String[] SINKS = {"ga4", "webhook"};

    @Test
    void everyPersistedConversionIsAcceptedOncePerReceiverFromTwoServersAlsoWhenOneIsKilled() throws Exception {
        long started = System.nanoTime();
        LibertyProcess.assertLaidOut();
        Path logs = LibertyProcess.TARGET.resolve("two-servers-it");
        long pid = ProcessHandle.current().pid();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        boolean passed = false;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                SinkReceivers.Ga4 ga4 = new SinkReceivers.Ga4(FAIL_EVERY, RECEIVER_DELAY_MS);
                SinkReceivers.Webhook webhook = new SinkReceivers.Webhook(FAIL_EVERY, RECEIVER_DELAY_MS);
                LibertyProcess a = new LibertyProcess("twoA" + pid, logs);
                LibertyProcess b = new LibertyProcess("twoB" + pid, logs)) {
            DataSource db = pg.getPostgresDatabase();
            String jdbc = pg.getJdbcUrl("postgres", "postgres");
            Map<String, LibertyProcess> byInstance = new HashMap<>();
            for (LibertyProcess s : List.of(a, b)) {
                String instance = "two-servers-" + s.name;
                byInstance.put(instance, s);
                s.create(jdbc, jvmOptions(instance, ga4, webhook));
            }
            // both at once: the migration on the empty database runs under Flyway's advisory lock
            java.util.concurrent.CompletableFuture<Void> second = java.util.concurrent.CompletableFuture
                    .runAsync(() -> {
                        try {
                            b.start(http, "start-1");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            a.start(http, "start-1");
            second.get(180, TimeUnit.SECONDS);
            Map<String, SinkReceivers.Receiver> sinks = Map.of("ga4", ga4, "webhook", webhook);
            System.out.printf(TAG + "both servers up after %d s%n", seconds(started));

            // ---- 1. calm run: both servers, no kill ------------------------------------------------
            Burst calm = new Burst(http, List.of(a, b), "calm", CALM_PERIOD_MS, CALM_JOURNEYS);
            calm.start();
            assertThat(calm.await(Duration.ofSeconds(60))).as("calm burst ended within 60 s").isTrue();
            long calmEnded = System.nanoTime();
            assertThat(calm.failed.get()).as("failed requests of the calm run").isZero();
            assertThat(drained(db))
                    .as("nothing owed after the calm run, the outbox draining without a 30 s stall (owed %s)", owed(db))
                    .isTrue();
            Map<String, Integer> persistedCalm = perVisitor(db);
            Set<String> calmIds = ids(db);
            assertThat(persistedCalm).as("conversions persisted per visitor = acknowledged per visitor")
                    .isEqualTo(calm.acknowledgedPerVisitor());
            assertThat(calm.acknowledgedBy.get(a.name).get()).as("acknowledged by %s", a.name).isPositive();
            assertThat(calm.acknowledgedBy.get(b.name).get()).as("acknowledged by %s", b.name).isPositive();
            for (String sink : SINKS) {
                report(sink, sinks.get(sink), calmIds, "calm");
            }
            for (String sink : SINKS) {
                Map<String, Integer> accepted = sinks.get(sink).snapshot();
                assertThat(accepted.keySet()).as("%s: ids accepted = ids persisted", sink).isEqualTo(calmIds);
                assertThat(duplicates(accepted, calmIds)).as("%s: ids accepted more than once", sink).isEmpty();
                assertThat(sinks.get(sink).failed.get()).as("%s: 503s answered", sink).isPositive();
            }
            assertThat(count(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'dead'")).as("dead letters").isZero();
            System.out.printf(TAG + "calm run: %d acknowledged (%d by %s, %d by %s), %d persisted, accepted"
                    + " ga4 %d (%d requests, %d answered 503), webhook %d (%d requests, %d answered 503),"
                    + " duplicates 0/0, leases %s, drained %d ms after the burst, after %d s%n",
                    calm.acknowledged.get(), calm.acknowledgedBy.get(a.name).get(), a.name,
                    calm.acknowledgedBy.get(b.name).get(), b.name, calmIds.size(),
                    total(ga4.snapshot()), ga4.requests.get(), ga4.failed.get(),
                    total(webhook.snapshot()), webhook.requests.get(), webhook.failed.get(), leases(db),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - calmEnded), seconds(started));

            // ---- 2. kill run: the GA4 lease holder is killed mid-burst and restarted ------------------
            Burst storm = new Burst(http, List.of(a, b), "kill", KILL_PERIOD_MS, MAX_JOURNEYS);
            storm.start();
            assertThat(waitFor(Duration.ofSeconds(60), () -> storm.journeys.get() >= KILL_AFTER))
                    .as("kill point reached").isTrue();
            String holder = leases(db).get("ga4");
            LibertyProcess victim = byInstance.get(holder);
            assertThat(victim).as("the GA4 lease is held by one of the servers: %s", holder).isNotNull();
            LibertyProcess survivor = victim == a ? b : a;
            Map<String, String> leasesAtKill = leases(db);
            Map<String, Long> owedAtKill = owedPerSink(db);
            storm.down(victim);
            victim.kill();
            // what a receiver accepted and was not marked sent when the killed JVM was gone
            Map<String, Set<String>> unmarkedAtKill = new HashMap<>();
            for (String sink : SINKS) {
                Set<String> unmarked = new HashSet<>(sinks.get(sink).snapshot().keySet());
                unmarked.removeAll(calmIds);
                unmarked.removeAll(sentIds(db, sink));
                unmarkedAtKill.put(sink, unmarked);
            }
            int journeysAtKill = storm.journeys.get();
            System.out.printf(TAG + "killed %s (leases %s) after %d journeys of the kill run, owed %s,"
                    + " accepted but not marked sent: ga4 %d, webhook %d%n", victim.name, leasesAtKill,
                    journeysAtKill, owedAtKill, unmarkedAtKill.get("ga4").size(), unmarkedAtKill.get("webhook").size());
            assertThat(storm.finished()).as("the burst was still running at the kill").isFalse();

            long restartAt = System.nanoTime();
            victim.start(http, "start-2");
            storm.up(victim);
            int journeysAtRestart = storm.journeys.get();
            System.out.printf(
                    TAG + "%s answers again %d ms after the restart began; %d journeys went to %s meanwhile%n",
                    victim.name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt),
                    journeysAtRestart - journeysAtKill, survivor.name);
            assertThat(waitFor(Duration.ofSeconds(60), () -> storm.after.get() >= AFTER_RESTART))
                    .as("journeys at the restarted server").isTrue();
            storm.stop();
            assertThat(storm.await(Duration.ofSeconds(30))).as("kill-run clients ended").isTrue();
            long stormEnded = System.nanoTime();
            assertThat(storm.failed.get()).as("failed requests of the kill run, other than at the killed server")
                    .isZero();
            assertThat(drained(db))
                    .as("nothing owed after the kill run, the outbox draining without a 30 s stall (owed %s)", owed(db))
                    .isTrue();

            long stormDrained = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stormEnded);
            Set<String> stormIds = ids(db);
            stormIds.removeAll(calmIds);
            Map<String, Integer> persisted = perVisitor(db);
            int lost = 0;
            int unacknowledgedPersisted = 0;
            Map<String, Integer> acknowledged = storm.acknowledgedPerVisitor();
            Set<String> stormVisitors = new HashSet<>(acknowledged.keySet());
            persisted.keySet().stream().filter(storm::visitorOfThisRun).forEach(stormVisitors::add);
            for (String v : stormVisitors) {
                int p = persisted.getOrDefault(v, 0);
                int ack = acknowledged.getOrDefault(v, 0);
                lost += Math.max(0, ack - p);
                unacknowledgedPersisted += Math.max(0, p - ack);
            }
            assertThat(count(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'dead'")).as("dead letters").isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM mc_outbox WHERE status <> 'sent'")).as("rows not sent").isZero();
            Map<String, Integer> dupCounts = new TreeMap<>();
            for (String sink : SINKS) {
                report(sink, sinks.get(sink), stormIds, "kill");
            }
            for (String sink : SINKS) {
                Map<String, Integer> accepted = sinks.get(sink).snapshot();
                Set<String> all = new HashSet<>(calmIds);
                all.addAll(stormIds);
                assertThat(accepted.keySet()).as("%s: ids accepted = ids persisted (both runs)", sink).isEqualTo(all);
                assertThat(duplicates(accepted, calmIds)).as("%s: calm-run ids accepted again", sink).isEmpty();
                Map<String, Integer> dups = duplicates(accepted, stormIds);
                assertThat(dups.values()).as("%s: copies of a duplicated id", sink).allMatch(n -> n == 2);
                assertThat(dups.keySet()).as("%s: duplicates are only ids accepted and not yet marked at the kill",
                        sink).isSubsetOf(unmarkedAtKill.get(sink));
                dupCounts.put(sink, dups.size());
            }
            assertThat(persisted.keySet()).as("visitors of the restarted server persisted")
                    .containsAll(storm.visitorsAfterRestart());
            System.out.printf(TAG + "kill run: %d acknowledged (%d by %s, %d by %s; %d requests failed at the"
                    + " killed server), %d persisted, %d acknowledged but not persisted (lost in the killed"
                    + " JVM), %d persisted unacknowledged; accepted ga4 %d, webhook %d; duplicates %s"
                    + " (accepted but unmarked at the kill: ga4 %d, webhook %d); drained %d ms after the"
                    + " burst; leases then %s; total %d s%n",
                    storm.acknowledged.get(), storm.acknowledgedBy.get(a.name).get(), a.name,
                    storm.acknowledgedBy.get(b.name).get(), b.name, storm.failedAtKilled.get(), stormIds.size(),
                    lost, unacknowledgedPersisted,
                    total(ga4.snapshot()) - calmIds.size(), total(webhook.snapshot()) - calmIds.size(), dupCounts,
                    unmarkedAtKill.get("ga4").size(), unmarkedAtKill.get("webhook").size(), stormDrained,
                    leases(db), seconds(started));
            assertThat(ga4.violations).as("GA4 contract violations").isEmpty();
            assertThat(webhook.violations).as("webhook contract violations").isEmpty();
            passed = true;
        } finally {
            System.out.printf(TAG + "%s after %d s%n", passed ? "passed" : "FAILED", seconds(started));
        }
        if (passed) {
            for (String s : List.of("twoA" + pid, "twoB" + pid)) {
                new LibertyProcess(s, logs).delete();
            }
        }
    }

    /** Prints each duplicate of {@code among} with the times it was accepted, and the slow requests. */
    private static void report(String sink, SinkReceivers.Receiver receiver, Set<String> among, String run) {
        duplicates(receiver.snapshot(), among).keySet().forEach(id -> System.out.printf(
                TAG + "%s run, %s: %s accepted at %s%n", run, sink, id, receiver.acceptedAt.get(id).stream()
                        .map(t -> java.time.Instant.ofEpochMilli(t).toString()).toList()));
        receiver.slow.forEach(s -> System.out.printf(TAG + "%s run, %s: slow %s%n", run, sink, s));
    }

    private static List<String> jvmOptions(String instance, SinkReceivers.Ga4 ga4, SinkReceivers.Webhook webhook) {
        return List.of(
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1", // C1 only: two servers start faster on 2 shared cores
                "-Dmicroconversions.outbox.instance-id=" + instance,
                "-Dmicroconversions.outbox.lease=8s", // renewed every 8s/3 by a statement of up to 5s: fits
                "-Dmicroconversions.outbox.poll-interval=200ms",
                "-Dmicroconversions.outbox.backoff.initial=50ms",
                "-Dmicroconversions.outbox.backoff.max=500ms",
                "-Dmicroconversions.outbox.max-attempts=100",
                "-Dmicroconversions.sink.ga4.enabled=true",
                "-Dmicroconversions.sink.ga4.measurement-id=" + SinkReceivers.Ga4.MEASUREMENT_ID,
                "-Dmicroconversions.sink.ga4.api-secret=" + SinkReceivers.Ga4.API_SECRET,
                "-Dmicroconversions.sink.ga4.endpoint=" + ga4.endpoint(),
                "-Dmicroconversions.sink.webhook.enabled=true",
                "-Dmicroconversions.sink.webhook.url=" + webhook.url(),
                "-Dmicroconversions.sink.webhook.secret=" + webhook.secret);
    }

    // ---- the traffic --------------------------------------------------------------------------------

    /**
     * {@link #CLIENTS} threads playing journeys (add-to-cart, proceed-to-checkout, purchase: three
     * conversions), each journey a new visitor at one server, alternately; a server marked down gets
     * none, its journeys go to the other. Every 2xx is an acknowledged conversion.
     */
    private static final class Burst {
        final AtomicInteger journeys = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger failedAtKilled = new AtomicInteger();
        /** Journeys at a server since it came back up. */
        final AtomicInteger after = new AtomicInteger();
        final Map<String, AtomicInteger> acknowledgedBy = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> perVisitor = new ConcurrentHashMap<>();
        private final Set<String> afterRestart = ConcurrentHashMap.newKeySet();
        private final HttpClient http;
        private final List<LibertyProcess> servers;
        private final Set<LibertyProcess> down = ConcurrentHashMap.newKeySet();
        private final Set<LibertyProcess> restarted = ConcurrentHashMap.newKeySet();
        private final String run;
        private final long periodMillis;
        private final int max;
        private final AtomicInteger tickets = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        private final long t0 = System.nanoTime();

        Burst(HttpClient http, List<LibertyProcess> servers, String label, long periodMillis, int max) {
            this.periodMillis = periodMillis;
            this.http = http;
            this.servers = servers;
            this.run = label + Long.toString(System.nanoTime(), 36);
            this.max = max;
            servers.forEach(s -> acknowledgedBy.put(s.name, new AtomicInteger()));
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                pool.execute(this::client);
            }
            pool.shutdown();
        }

        void down(LibertyProcess s) {
            down.add(s);
        }

        void up(LibertyProcess s) {
            restarted.add(s);
            down.remove(s);
        }

        void stop() {
            stop.set(true);
        }

        boolean finished() {
            return pool.isTerminated();
        }

        boolean await(Duration d) throws InterruptedException {
            return pool.awaitTermination(d.toMillis(), TimeUnit.MILLISECONDS);
        }

        Map<String, Integer> acknowledgedPerVisitor() {
            Map<String, Integer> out = new HashMap<>();
            perVisitor.forEach((v, n) -> {
                if (n.get() > 0) {
                    out.put(v, n.get());
                }
            });
            return out;
        }

        boolean visitorOfThisRun(String visitor) {
            return visitor != null && visitor.startsWith("two-" + run + "-");
        }

        Set<String> visitorsAfterRestart() {
            return Set.copyOf(afterRestart);
        }

        private void client() {
            int n;
            while (!stop.get() && (n = tickets.getAndIncrement()) < max) {
                long due = t0 + TimeUnit.MILLISECONDS.toNanos(n * periodMillis);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                LibertyProcess server = servers.get(n % servers.size());
                if (down.contains(server)) {
                    server = servers.stream().filter(s -> !down.contains(s)).findFirst().orElseThrow();
                }
                String visitor = "two-" + run + "-" + n;
                if (journey(server, visitor) && restarted.contains(server)) {
                    after.incrementAndGet();
                    afterRestart.add(visitor);
                }
                journeys.incrementAndGet();
            }
        }

        /** @return whether every step was acknowledged */
        private boolean journey(LibertyProcess server, String visitor) {
            String payment = "{\"name\":\"Ana Silva\",\"email\":\"" + visitor + "@example.com\","
                    + "\"address\":\"Rua da Fonte Taurina 12, Porto\",\"cardNumber\":\"4242 4242 4242 4242\"}";
            return step(server, visitor, "/api/cart/items", "{\"productId\":\"stoneware-mug\",\"quantity\":1}")
                    && step(server, visitor, "/api/checkout", null)
                    && step(server, visitor, "/api/orders", payment);
        }

        private boolean step(LibertyProcess server, String visitor, String path, String json) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base + path))
                    .timeout(Duration.ofSeconds(15))
                    .header("Accept", "application/json")
                    .header("Cookie", "mc_vid=" + visitor);
            if (json != null) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            } else {
                request.POST(HttpRequest.BodyPublishers.noBody());
            }
            int status = -1;
            try {
                status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    acknowledged.incrementAndGet();
                    acknowledgedBy.get(server.name).incrementAndGet();
                    perVisitor.computeIfAbsent(visitor, k -> new AtomicInteger()).incrementAndGet();
                    return true;
                }
            } catch (IOException e) {
                // connection refused or reset: the server is gone (or it is a failure, below)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (down.contains(server)) {
                failedAtKilled.incrementAndGet();
            } else {
                failed.incrementAndGet();
                System.err.printf(TAG + "%s %s at %s answered %d%n", visitor, path, server.name, status);
            }
            return false;
        }
    }

    // ---- the database ---------------------------------------------------------------------------------

    /**
     * Whether the outbox empties: true once nothing is owed (twice, a second apart); false when what is
     * owed has not fallen for 30 s (a stalled pipeline; the sinks back off 500 ms at most) or after 240 s
     * in all. Progress bounds the wait, not a fixed time: a slower machine drains slower.
     */
    private static boolean drained(DataSource db) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        long lowest = Long.MAX_VALUE;
        long progressAt = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long owed = owed(db);
            if (owed == 0) {
                Thread.sleep(1_000);
                if (owed(db) == 0) {
                    return true;
                }
            } else if (owed < lowest) {
                lowest = owed;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > TimeUnit.SECONDS.toNanos(30)) {
                return false;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static long owed(DataSource db) {
        return count(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'owed'");
    }

    private static Map<String, Long> owedPerSink(DataSource db) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s
                        .executeQuery("SELECT sink, COUNT(*) FROM mc_outbox WHERE status = 'owed' GROUP BY sink")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** @return sink → holder (instance id) of its lease */
    private static Map<String, String> leases(DataSource db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sink, holder FROM mc_sink_lease")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static Set<String> sentIds(DataSource db, String sink) throws SQLException {
        return strings(db, "SELECT event_id FROM mc_outbox WHERE status = 'sent' AND sink = '" + sink + "'");
    }

    private static Set<String> ids(DataSource db) throws SQLException {
        return strings(db, "SELECT id FROM mc_event");
    }

    private static Map<String, Integer> perVisitor(DataSource db) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT visitor_id, COUNT(*) FROM mc_event GROUP BY visitor_id")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static Set<String> strings(DataSource db, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1).trim());
            }
        }
        return out;
    }

    private static long count(DataSource db, String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    // ---- the comparison -------------------------------------------------------------------------------

    /** @return the ids of {@code among} accepted more than once, with their counts */
    private static Map<String, Integer> duplicates(Map<String, Integer> accepted, Set<String> among) {
        Map<String, Integer> out = new TreeMap<>();
        accepted.forEach((id, n) -> {
            if (n > 1 && among.contains(id)) {
                out.put(id, n);
            }
        });
        return out;
    }

    private static int total(Map<String, Integer> accepted) {
        return accepted.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }
}
