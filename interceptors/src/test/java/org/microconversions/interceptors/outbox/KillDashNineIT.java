package org.microconversions.interceptors.outbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server is killed with SIGKILL during a burst and started again: every conversion that was
 * persisted is forwarded (at least once), because what a sink owes lives in the database. With the
 * default 60 s lease, forwarding resumes as soon as the restarted server is up (it takes its own
 * lease back: same instance id), not after the killed server's lease has expired.
 */
class KillDashNineIT {

    /** The default lease, so the restart delay measured is the one a real server has. */
    private static final String LEASE = "60s";

    @Test
    void everyPersistedConversionIsForwardedAfterAKillAndRestart(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource db = pg.getPostgresDatabase();
            String url = pg.getJdbcUrl("postgres", "postgres");
            Path sinkFile = dir.resolve("forwarded.txt");

            Path logs = Files.createDirectories(Path.of("target", "kill-it"));
            Process burst = start(url, sinkFile, "burst", logs.resolve("burst.log"));
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Databases.count(db, "") > 3_000 && Files.exists(sinkFile));
            } finally {
                burst.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                assertThat(burst.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(burst.exitValue()).isEqualTo(137);

            long persisted = Databases.count(db, "");
            long owed = Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'owed'");
            assertThat(owed).as("the kill left owed conversions behind").isPositive();

            long restartedAt = System.nanoTime();
            Process drain = start(url, sinkFile, "drain", logs.resolve("drain.log"));
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(
                        () -> Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'owed'") < owed);
                long delayMs = (System.nanoTime() - restartedAt) / 1_000_000;
                System.out.println("KillDashNineIT: first forwarding " + delayMs + " ms after the restart (lease "
                        + LEASE + ")");
                // the restarted server takes its own lease back instead of waiting the 60 s for it to expire
                assertThat(delayMs).as("first forwarding after the restart").isLessThan(20_000);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                        () -> Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'owed'") == 0);
            } finally {
                drain.destroyForcibly();
                drain.waitFor(30, TimeUnit.SECONDS);
            }

            Set<String> forwarded = new HashSet<>(Files.readAllLines(sinkFile));
            List<String> ids = Databases.rows(db, "SELECT id FROM mc_event").stream().map(r -> r.get(0)).toList();
            assertThat(ids).hasSize((int) persisted);
            assertThat(forwarded).containsAll(ids);
        }
    }

    private static Process start(String url, Path sinkFile, String mode, Path log) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                "-D" + CrashingServer.LEASE_PROPERTY + "=" + LEASE,
                CrashingServer.class.getName(), url, sinkFile.toString(), mode)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
