package org.microconversions.interceptors.outbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a SIGKILL during a burst loses of the conversions whose calls had returned (the request
 * would have been answered 2xx), counted exactly: the stand-in server ({@link CrashingServer},
 * the real pipeline on a real PostgreSQL) appends each id to a file once its call has returned.
 *
 * <ul>
 *   <li>Durable purchases: none. Every acknowledged purchase is in {@code mc_event} after the
 *       restart (and is forwarded).</li>
 *   <li>Buffered add-to-carts: what was in memory, at most {@code buffer.capacity} + one batch;
 *       measured and printed.</li>
 * </ul>
 */
class AcknowledgedKillDashNineIT {

    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\":\"([^\"]+)\"");

    @Test
    void everyPurchaseAcknowledgedBeforeAKillIsInMcEventAfterTheRestart(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource db = pg.getPostgresDatabase();
            String url = pg.getJdbcUrl("postgres", "postgres");
            Path acks = dir.resolve("acknowledged.txt");
            Path sinkFile = dir.resolve("forwarded.txt");

            Process burst = start(url, sinkFile, "purchases", acks, "purchases.log");
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .until(() -> acknowledged(acks).size() >= 1_000);
            } finally {
                burst.destroyForcibly(); // SIGKILL, with 8 purchases in flight
                assertThat(burst.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(burst.exitValue()).isEqualTo(137);
            Set<String> acknowledged = acknowledged(acks);

            Process drain = start(url, sinkFile, "drain", acks, "purchases-restart.log");
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                        () -> Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'owed'") == 0);
            } finally {
                drain.destroyForcibly();
                drain.waitFor(30, TimeUnit.SECONDS);
            }

            Set<String> persisted = orderIds(db, "purchase");
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(persisted);
            Set<String> unacknowledged = new HashSet<>(persisted);
            unacknowledged.removeAll(acknowledged);
            System.out.printf("[AcknowledgedKillDashNineIT] purchases: %d acknowledged, %d in mc_event after the"
                    + " restart, %d acknowledged but missing, %d committed but not yet acknowledged%n",
                    acknowledged.size(), persisted.size(), missing.size(), unacknowledged.size());
            assertThat(acknowledged).as("acknowledged purchases").hasSizeGreaterThanOrEqualTo(1_000);
            assertThat(missing).as("purchases acknowledged before the kill but not in mc_event").isEmpty();
            assertThat(unacknowledged.size()).as("committed, killed before the client heard (at most one per client)")
                    .isLessThanOrEqualTo(CrashingServer.CLIENTS);
            assertThat(Databases.count(db, "name = 'purchase'")).as("each once").isEqualTo(persisted.size());
            Set<String> forwarded = new HashSet<>(Files.readAllLines(sinkFile));
            List<String> ids = Databases.rows(db, "SELECT id FROM mc_event").stream().map(r -> r.get(0)).toList();
            assertThat(forwarded).containsAll(ids);
        }
    }

    @Test
    void aKillDuringABurstOfBufferedConversionsLosesAtMostTheBufferAndOneBatch(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource db = pg.getPostgresDatabase();
            Path acks = dir.resolve("acknowledged.txt");
            Process burst = start(pg.getJdbcUrl("postgres", "postgres"), dir.resolve("forwarded.txt"), "adds", acks,
                    "adds.log");
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .until(() -> Databases.count(db, "") >= 20_000);
            } finally {
                burst.destroyForcibly();
                assertThat(burst.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            Set<String> acknowledged = acknowledged(acks);
            Set<String> persisted = orderIds(db, "add-to-cart");
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(persisted);
            System.out.printf("[AcknowledgedKillDashNineIT] add-to-cart: %d acknowledged, %d persisted,"
                    + " %d acknowledged and lost (%.3f %%)%n", acknowledged.size(), persisted.size(), lost.size(),
                    100.0 * lost.size() / acknowledged.size());
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20_000);
            assertThat(lost.size()).as("lost: at most buffer.capacity (10,000) + batch-size (500)")
                    .isLessThanOrEqualTo(10_500);
        }
    }

    /** The complete lines of the acknowledgement file: a line cut by the kill has no newline. */
    private static Set<String> acknowledged(Path acks) throws Exception {
        if (!Files.exists(acks)) {
            return Set.of();
        }
        String all = Files.readString(acks, StandardCharsets.US_ASCII);
        int end = all.lastIndexOf('\n');
        if (end < 0) {
            return Set.of();
        }
        return new HashSet<>(List.of(all.substring(0, end).split("\n")));
    }

    private static Set<String> orderIds(DataSource db, String name) {
        Set<String> ids = new HashSet<>();
        for (List<String> row : Databases.rows(db, "SELECT attributes FROM mc_event WHERE name = '" + name + "'")) {
            Matcher m = ORDER_ID.matcher(row.get(0));
            assertThat(m.find()).as("order_id in %s", row.get(0)).isTrue();
            ids.add(m.group(1));
        }
        return ids;
    }

    private static Process start(String url, Path sinkFile, String mode, Path acks, String log) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "kill-it"));
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                CrashingServer.class.getName(), url, sinkFile.toString(), mode, acks.toString())
                .redirectErrorStream(true).redirectOutput(logs.resolve(log).toFile()).start();
    }
}
