package org.microconversions.interceptors.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.microconversions.interceptors.experiment.ExperimentDefinition;
import org.microconversions.interceptors.insights.EventFilter;
import org.microconversions.interceptors.insights.FunnelDefinition;
import org.microconversions.interceptors.insights.InsightsQueries;
import org.microconversions.interceptors.insights.Reports;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Insights query latency on a real PostgreSQL ({@code bench.insights.db=postgresql}, the default) or on
 * embedded Derby on disk ({@code bench.insights.db=derby}, the default store): {@code bench.insights.events} conversions (default
 * 1,000,000) of about 5 per visitor (funnel steps with drop-offs, repeats and noise, 6 channels, an
 * A/B experiment) are loaded (PostgreSQL: COPY; Derby: batched inserts) into the suite's schema (its migrations, with the insights
 * indexes) and ANALYZEd; then each report runs {@code bench.insights.warmup} times unmeasured and
 * {@code bench.insights.rounds} times measured, end to end through {@link InsightsQueries} (SQL,
 * transfer, Java). Prints min, median and max milliseconds per report.
 *
 * <p>Run: {@code ./mvnw -pl interceptors -am -Pbench verify -Dbench.jmh.skip=true
 * -Dbench.persistence.skip=true -Dbench.insights.skip=false}; {@code -Dbench.insights.only=experiment}
 * (in the JVM arguments) measures only the reports whose label contains it.
 */
public final class FunnelQueryBenchmark {

    private static final String[] STEPS = {"view-product", "add-to-cart", "proceed-to-checkout", "purchase"};
    private static final String[] NOISE = {"add-to-wishlist", "video-play", "share", "newsletter-signup"};
    private static final String[][] CHANNELS = {{"google", "cpc", "black_friday"}, {"google", "organic", ""},
            {"newsletter", "email", "spring-sale"}, {"(direct)", "(none)", ""}, {"facebook", "social", "black_friday"},
            {"bing", "cpc", "brand"}};

    private FunnelQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.insights.events", 1_000_000);
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
        Files.createDirectories(dir);
        System.out.printf("Java %s, %d CPUs, max heap %d MiB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (System.getProperty("bench.insights.db", "postgresql").equals("derby")) {
            derby(dir, events);
        } else {
            postgres(dir, events);
        }
        System.exit(0); // Derby and embedded PostgreSQL leave non-daemon threads behind
    }

    private static void postgres(Path dir, int events) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(dir.resolve("pg-insights-work").toFile())
                .setDataDirectory(dir.resolve("pg-insights-data").toFile()).setCleanDataDirectory(true).start()) {
            PGSimpleDataSource raw = new PGSimpleDataSource();
            raw.setUrl(pg.getJdbcUrl("postgres", "postgres"));
            try (PooledDataSource ds = new PooledDataSource(raw); BenchContainer container = container(ds)) {
                container.bean(JdbcEventStore.class).prepare();
                long t0 = System.nanoTime();
                int visitors = loadWithCopy(ds, events);
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("VACUUM ANALYZE mc_event"); // what autovacuum does to a table that grew
                }
                System.out.printf("PostgreSQL %s: loaded %,d conversions of %,d visitors in %.1f s%n",
                        version(ds), events, visitors, (System.nanoTime() - t0) / 1e9);
                measureAll(container.bean(InsightsQueries.class), ds);
            }
        }
    }

    /** Embedded Derby on disk, the default store: the schema by the suite's migrations, rows by batched inserts. */
    private static void derby(Path dir, int events) throws Exception {
        Path db = dir.resolve("derby-insights");
        deleteTree(db);
        EmbeddedDataSource raw = new EmbeddedDataSource();
        raw.setDatabaseName(db.toString());
        raw.setCreateDatabase("create");
        try (PooledDataSource ds = new PooledDataSource(raw); BenchContainer container = container(ds)) {
            container.bean(JdbcEventStore.class).prepare();
            long t0 = System.nanoTime();
            int visitors = loadWithInserts(ds, events);
            System.out.printf("Derby %s embedded: loaded %,d conversions of %,d visitors in %.1f s%n", version(ds),
                    events, visitors, (System.nanoTime() - t0) / 1e9);
            measureAll(container.bean(InsightsQueries.class), ds);
        }
    }

    private static BenchContainer container(PooledDataSource ds) throws Exception {
        return new BenchContainer(ds, Map.of(
                "microconversions.funnel.checkout.steps", String.join(",", STEPS),
                "microconversions.funnel.checkout.window", "24h",
                "microconversions.funnel.open-checkout.steps", String.join(",", STEPS),
                "microconversions.funnel.open-checkout.window", "24h",
                "microconversions.funnel.open-checkout.mode", "open",
                "microconversions.insights.timeout", System.getProperty("bench.insights.timeout", "60s"),
                "microconversions.experiment.layout.variants", "control:50,b:50"), List.of());
    }

    private static void measureAll(InsightsQueries q, DataSource ds) throws Exception {
        int warmup = Integer.getInteger("bench.insights.warmup", 3);
        int rounds = Integer.getInteger("bench.insights.rounds", 10);
        FunnelDefinition closed = q.config().funnels().get("checkout");
        FunnelDefinition open = q.config().funnels().get("open-checkout");
        ExperimentDefinition layout = q.experiments().get("layout");
        EventFilter week = EventFilter.between(Instant.parse("2026-11-08T00:00:00Z"),
                Instant.parse("2026-11-15T00:00:00Z"));
        Reports.Funnel f = q.funnel(closed, EventFilter.ALL);
        System.out.println("closed funnel: entered " + f.entered() + ", steps "
                + f.steps().stream().map(s -> s.name() + "=" + s.visitors()).toList());
        measure("funnel closed 24h, all time", warmup, rounds, () -> q.funnel(closed, EventFilter.ALL));
        measure("funnel open 24h, all time", warmup, rounds, () -> q.funnel(open, EventFilter.ALL));
        measure("funnel closed 24h, one week", warmup, rounds, () -> q.funnel(closed, week));
        measure("funnel closed 24h, variant b", warmup, rounds,
                () -> q.funnel(closed, EventFilter.ALL.withVariant("layout", "b")));
        measure("channels, all time", warmup, rounds, () -> q.channels(EventFilter.ALL));
        measure("lift vs purchase, all time", warmup, rounds, () -> q.lift("purchase", EventFilter.ALL));
        measure("experiment layout/add-to-cart", warmup, rounds,
                () -> q.experiment(layout, "add-to-cart", EventFilter.ALL));
        List<String> goals = List.of("add-to-cart", "proceed-to-checkout", "purchase"); // the page's
        measure("experiment, 3 goals one by one", warmup, rounds, () -> {
            for (String g : goals) {
                q.experiment(layout, g, g.equals("purchase") ? null : "purchase", EventFilter.ALL);
            }
            return null;
        });
        measure("experiment, 3 goals in one read", warmup, rounds,
                () -> q.experimentGoals(layout, goals, "purchase", EventFilter.ALL));
        measure("timeseries, all names", warmup, rounds, () -> q.timeseries(null, EventFilter.ALL));
        ExecutorService browser = Executors.newFixedThreadPool(8);
        try {
            for (Page page : Page.values()) {
                measure(page.label, warmup, rounds, () -> page(q, browser, closed, layout, goals, page));
            }
        } finally {
            browser.shutdown();
        }
        // floors: what any report over every row costs at least, whatever it computes
        measure("floor: COUNT(*)", warmup, rounds, () -> scalar(ds, "SELECT COUNT(*) FROM mc_event"));
        measure("floor: COUNT(DISTINCT visitor_id)", warmup, rounds,
                () -> scalar(ds, "SELECT COUNT(DISTINCT visitor_id) FROM mc_event"));
        measure("floor: read visitor, name, time", warmup, rounds, () -> streamRows(ds));
    }

    /** The insights page's requests, as insights.js sends them, and the order it could send them in. */
    private enum Page {
        GOAL_BY_GOAL("page, then 3 experiment goals at once"),
        ONE_READ("page, then the goals in one read"),
        BESIDE("page, the goals' read beside it");

        final String label;

        Page(String label) {
            this.label = label;
        }
    }

    /**
     * What the page waits for, requests at once where insights.js sends them at once (the browser
     * runs up to 6 per host; the threads stand for them): the funnel, then the time series of its
     * steps, channels and lift together, then the experiment, or the experiment from the start.
     */
    private static Object page(InsightsQueries q, ExecutorService browser, FunnelDefinition funnel,
            ExperimentDefinition e, List<String> goals, Page how) throws Exception {
        Future<?> beside = how == Page.BESIDE
                ? browser.submit(() -> q.experimentGoals(e, goals, "purchase", EventFilter.ALL))
                : null;
        Reports.Funnel f = q.funnel(funnel, EventFilter.ALL);
        List<Callable<Object>> next = new ArrayList<>();
        for (Reports.FunnelStep s : f.steps()) {
            next.add(() -> q.timeseries(s.name(), EventFilter.ALL));
        }
        next.add(() -> q.channels(EventFilter.ALL));
        next.add(() -> q.lift(f.steps().get(f.steps().size() - 1).name(), EventFilter.ALL));
        all(browser, next);
        if (how == Page.GOAL_BY_GOAL) {
            all(browser, goals.stream().<Callable<Object>>map(g -> () -> q.experiment(e, g,
                    g.equals("purchase") ? null : "purchase", EventFilter.ALL)).toList());
        } else if (how == Page.ONE_READ) {
            q.experimentGoals(e, goals, "purchase", EventFilter.ALL);
        } else {
            beside.get();
        }
        return f;
    }

    private static void all(ExecutorService pool, List<Callable<Object>> tasks) throws Exception {
        for (Future<Object> done : pool.invokeAll(tasks)) {
            done.get();
        }
    }

    private static long scalar(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every row's visitor, name and time into the JVM: the least a per-visitor report computed in Java reads. */
    private static long streamRows(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                long n = 0;
                try (ResultSet rs = s.executeQuery("SELECT visitor_id, name, occurred_at FROM mc_event")) {
                    while (rs.next()) {
                        n += rs.getString(1) == null ? 0 : 1;
                        rs.getString(2);
                        rs.getTimestamp(3);
                    }
                }
                c.commit();
                return n;
            }
        }
    }

    private interface Query {
        Object run() throws Exception;
    }

    private static void measure(String label, int warmup, int rounds, Query query) throws Exception {
        if (!label.contains(System.getProperty("bench.insights.only", ""))) {
            return; // one report under a profiler
        }
        double[] ms = new double[rounds];
        try {
            for (int i = 0; i < warmup; i++) {
                query.run();
            }
            for (int i = 0; i < rounds; i++) {
                long t = System.nanoTime();
                query.run();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
        } catch (SQLException e) {
            System.out.printf(Locale.ROOT, "%-40s did not finish: %s (SQLState %s; bench.insights.timeout)%n", label,
                    e.getClass().getSimpleName(), e.getSQLState());
            return;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-40s min %7.1f ms  median %7.1f ms  max %7.1f ms  (%d rounds, load %s)%n",
                label, ms[0], ms[rounds / 2], ms[rounds - 1], rounds, loadAverage());
    }

    /** The machine's 1-minute load average: results on a busy machine are not comparable. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "n/a";
        }
    }

    /** One generated conversion. */
    private interface Sink {
        void add(String name, Instant at, String visitor, String[] channel, String variant) throws Exception;
    }

    private static int loadWithCopy(PooledDataSource ds, int events) throws Exception {
        String sql = "COPY mc_event (id, name, kind, occurred_at, visitor_id, session_id, source, medium, campaign,"
                + " variants) FROM STDIN (FORMAT csv)";
        try (Connection c = ds.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder csv = new StringBuilder(1 << 20);
            int visitors = generate(events, (name, at, visitor, ch, variant) -> {
                csv.append(UUID.randomUUID()).append(',').append(name).append(',')
                        .append(name.equals("purchase") ? "macro" : "micro").append(',').append(at).append(',')
                        .append(visitor).append(",s-").append(visitor).append(',').append(ch[0]).append(',')
                        .append(ch[1]).append(',').append(ch[2]).append(",\"{\"\"layout\"\":\"\"").append(variant)
                        .append("\"\"}\"\n");
                if (csv.length() > (1 << 20) - 4096) {
                    copy.copyIn(sql, new StringReader(csv.toString()));
                    csv.setLength(0);
                }
            });
            copy.copyIn(sql, new StringReader(csv.toString()));
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return visitors;
        }
    }

    private static int loadWithInserts(PooledDataSource ds, int events) throws Exception {
        String sql = "INSERT INTO mc_event (id, name, kind, occurred_at, visitor_id, session_id, source, medium,"
                + " campaign, variants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            int[] pending = {0};
            int visitors = generate(events, (name, at, visitor, ch, variant) -> {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, name);
                ps.setString(3, name.equals("purchase") ? "macro" : "micro");
                ps.setTimestamp(4, Timestamp.from(at), utc);
                ps.setString(5, visitor);
                ps.setString(6, "s-" + visitor);
                ps.setString(7, ch[0]);
                ps.setString(8, ch[1]);
                ps.setString(9, ch[2].isEmpty() ? null : ch[2]);
                ps.setString(10, "{\"layout\":\"" + variant + "\"}");
                ps.addBatch();
                if (++pending[0] == 5_000) {
                    ps.executeBatch();
                    c.commit();
                    pending[0] = 0;
                }
            });
            ps.executeBatch();
            c.commit();
            c.setAutoCommit(true);
            return visitors;
        }
    }

    /** The same seeded journeys for both databases: about 5 conversions per visitor over 30 days. */
    private static int generate(int events, Sink sink) throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        int written = 0;
        int visitors = 0;
        List<String> journey = new ArrayList<>();
        while (written < events) {
            String visitor = UUID.randomUUID().toString();
            visitors++;
            String[] ch = CHANNELS[r.nextInt(CHANNELS.length)];
            String variant = (visitor.charAt(0) & 1) == 0 ? "control" : "b";
            long minute = r.nextInt(30 * 24 * 60);
            journey.clear();
            double[] go = {0.9, 0.45, 0.6, 0.7};
            for (int s = 0; s < STEPS.length && r.nextDouble() < go[s]; s++) {
                journey.add(STEPS[s]);
                if (r.nextInt(5) == 0) {
                    journey.add(STEPS[s]);
                }
            }
            int noise = r.nextInt(4);
            for (int k = 0; k < noise; k++) {
                journey.add(NOISE[r.nextInt(NOISE.length)]);
            }
            for (String name : journey) {
                if (written == events) {
                    break;
                }
                minute += r.nextInt(r.nextInt(10) == 0 ? 2000 : 60);
                sink.add(name, start.plusSeconds(60 * minute), visitor, ch, variant);
                written++;
            }
        }
        return visitors;
    }

    private static void deleteTree(Path root) throws Exception {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String version(PooledDataSource ds) throws Exception {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductVersion();
        }
    }
}
