package org.microconversions.interceptors.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.metrics.ConversionMetrics;
import org.microconversions.interceptors.metrics.MetricNames;
import org.microconversions.interceptors.pipeline.Pipeline;
import org.microconversions.interceptors.visitor.CurrentVisitor;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A hung database under a fixed arrival rate (issue 11, item 4): the suite's real pipeline on an
 * embedded PostgreSQL, driven at {@code bench.hungdb.rate} annotated calls per second, while
 * another connection holds {@code LOCK TABLE mc_event IN ACCESS EXCLUSIVE MODE} for
 * {@code bench.hungdb.locked} seconds.
 *
 * <p>Open model, as wrk2: call {@code i} is due at {@code t0 + i / rate}; a pool of
 * {@code bench.hungdb.callers} threads takes the due calls in order, and each call's latency is
 * measured from the time it was due, not from when a thread got to it, so a caller stuck in an
 * inline write delays (and is charged for) the calls behind it only if every caller is stuck
 * (no coordinated omission). The service time (from the actual start) is recorded too: it is what
 * the statement timeout bounds.
 *
 * <p>Phases, back to back on the same schedule: warm-up, unlocked, locked, recovery (unlocked
 * again while the backlog drains); then the callers stop, the pipeline drains, and every call is
 * accounted for: calls = rows in {@code mc_event} + rows in {@code mc_event_rejected} + dropped
 * (by reason, from {@code microconversions.dropped}). One run per buffer capacity in the
 * arguments (default {@code 10000 1000}), each on a fresh database and a fresh container.
 *
 * <p>System properties: {@code bench.hungdb.rate} (200), {@code bench.hungdb.callers} (16),
 * {@code bench.hungdb.prewarm} (calls made back to back before the schedule, 20000),
 * {@code bench.hungdb.warmup} (10 s), {@code bench.hungdb.unlocked} (30 s), {@code bench.hungdb.locked}
 * (30 s), {@code bench.hungdb.recovery} (10 s), {@code bench.dir}.
 */
public final class HungDatabaseBenchmark {

    private static final String[] PHASES = {"warm-up", "unlocked", "locked", "recovery"};

    private final Path dir;
    private final int rate = Integer.getInteger("bench.hungdb.rate", 200);
    private final int callers = Integer.getInteger("bench.hungdb.callers", 16);
    private final int prewarm = Integer.getInteger("bench.hungdb.prewarm", 20_000);
    /** false: an A/A control, the "locked" phase takes no lock (what the machine's noise alone does to p99) */
    private final boolean lock = !"false".equals(System.getProperty("bench.hungdb.lock"));
    private final int[] seconds = {Integer.getInteger("bench.hungdb.warmup", 10),
            Integer.getInteger("bench.hungdb.unlocked", 30), Integer.getInteger("bench.hungdb.locked", 30),
            Integer.getInteger("bench.hungdb.recovery", 10)};

    private HungDatabaseBenchmark(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> capacities = new ArrayList<>();
        for (String a : args.length == 0 ? new String[]{"10000", "1000"} : String.join(" ", args).split("[ ,]+")) {
            if (!a.isBlank()) {
                capacities.add(Integer.parseInt(a.trim()));
            }
        }
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
        Files.createDirectories(dir);
        HungDatabaseBenchmark bench = new HungDatabaseBenchmark(dir);
        System.out.printf("Java %s, %d CPUs, max heap %d MiB; load average %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                PersistenceThroughput.loadAverage());
        StringBuilder report = new StringBuilder();
        boolean ok = true;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(dir.resolve("hungdb-pg-work").toFile())
                .setDataDirectory(dir.resolve("hungdb-pg-data").toFile()).setCleanDataDirectory(true).start()) {
            int n = 0;
            for (int capacity : capacities) {
                String db = "hung" + (++n);
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + db);
                }
                PGSimpleDataSource raw = new PGSimpleDataSource();
                raw.setUrl(pg.getJdbcUrl("postgres", db));
                raw.setReWriteBatchedInserts(true);
                Result r = bench.run(raw, capacity);
                report.append(r.markdown);
                ok &= r.exact;
            }
        }
        System.out.println();
        System.out.println(report);
        Files.writeString(dir.resolve("hungdb.md"), report);
        System.exit(ok ? 0 : 1); // embedded PostgreSQL leaves non-daemon threads behind
    }

    private record Result(String markdown, boolean exact) {
    }

    private Result run(PGSimpleDataSource raw, int capacity) throws Exception {
        long period = 1_000_000_000L / rate;
        int[] calls = new int[PHASES.length];
        int total = 0;
        for (int p = 0; p < PHASES.length; p++) {
            calls[p] = seconds[p] * rate;
            total += calls[p];
        }
        String version;
        try (Connection c = raw.getConnection()) {
            version = c.getMetaData().getDatabaseProductVersion();
        }
        System.out.printf("%n== buffer.capacity=%d, PostgreSQL %s: %d calls/s from %d caller threads; %d calls back to"
                        + " back, then %s s (warm-up, unlocked, locked, recovery); load average %s%n", capacity, version,
                rate, callers, prewarm, Arrays.toString(seconds), PersistenceThroughput.loadAverage());
        try (PooledDataSource ds = new PooledDataSource(raw);
             BenchContainer container = new BenchContainer(ds, Map.of(ConfigKeys.BUFFER_CAPACITY,
                     Integer.toString(capacity)), List.of(ThroughputTarget.class, CountingJdbcEventStore.class))) {
            Pipeline pipeline = container.bean(Pipeline.class);
            pipeline.depth(); // starts the pipeline, whose store migrates the schema
            ThroughputTarget target = container.bean(ThroughputTarget.class);
            Counter persisted = container.bean(ConversionMetrics.class).persisted();
            CountingJdbcEventStore.reset();

            // JIT warm-up, in bursts the buffer holds, so no inline write happens here
            int chunk = Math.max(1, Math.min(400, capacity / 2));
            CurrentVisitor.set(PersistenceThroughput.VISITOR);
            try {
                for (int done = 0; done < prewarm; done += chunk) {
                    for (int i = 0; i < Math.min(chunk, prewarm - done); i++) {
                        target.addToCart();
                    }
                    awaitDrained(ds, pipeline, persisted, 60);
                }
            } finally {
                CurrentVisitor.clear();
            }
            long inlineBefore = CountingJdbcEventStore.INLINE.sum();

            long[] gcBefore = new long[2];
            for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                gcBefore[0] += gc.getCollectionCount();
                gcBefore[1] += gc.getCollectionTime();
            }
            long[] latency = new long[total];
            long[] service = new long[total];
            AtomicLong next = new AtomicLong();
            long t0 = System.nanoTime() + 100_000_000L;
            int finalTotal = total;
            CountDownLatch finished = new CountDownLatch(callers);
            for (int t = 0; t < callers; t++) {
                Thread caller = new Thread(() -> {
                    CurrentVisitor.set(PersistenceThroughput.VISITOR);
                    try {
                        for (int i = (int) next.getAndIncrement(); i < finalTotal; i = (int) next.getAndIncrement()) {
                            long due = t0 + i * period;
                            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                                LockSupport.parkNanos(due - now);
                            }
                            long start = System.nanoTime();
                            target.addToCart();
                            long end = System.nanoTime();
                            latency[i] = end - due;
                            service[i] = end - start;
                        }
                    } finally {
                        CurrentVisitor.clear();
                        finished.countDown();
                    }
                }, "caller-" + t);
                caller.setDaemon(true);
                caller.start();
            }

            // the lock, on its own connection, at the phase boundary
            long lockAt = t0 + (long) (seconds[0] + seconds[1]) * 1_000_000_000L;
            long lockedAt;
            long unlockedAt;
            String[] load = new String[PHASES.length + 1];
            load[0] = PersistenceThroughput.loadAverage();
            Sampler sampler = new Sampler(t0, period, pipeline, persisted, next);
            sampler.start();
            try (Connection locker = raw.getConnection()) {
                locker.setAutoCommit(false);
                sleepUntil(t0 + seconds[0] * 1_000_000_000L);
                load[1] = PersistenceThroughput.loadAverage();
                sleepUntil(lockAt);
                load[2] = PersistenceThroughput.loadAverage();
                if (lock) {
                    try (Statement s = locker.createStatement()) {
                        s.execute("LOCK TABLE mc_event IN ACCESS EXCLUSIVE MODE");
                    }
                }
                lockedAt = System.nanoTime();
                sampler.event(lock ? String.format(Locale.ROOT, "LOCK TABLE mc_event IN ACCESS EXCLUSIVE MODE"
                        + " acquired after %.1f ms", ms(lockedAt - lockAt)) : "control run: no lock taken");
                sleepUntil(lockedAt + seconds[2] * 1_000_000_000L);
                load[3] = PersistenceThroughput.loadAverage();
                locker.rollback();
                unlockedAt = System.nanoTime();
                sampler.event("unlocked (rollback)");
            }
            // the backlog is written once what is in memory is back to what the rate keeps there
            long backlogDoneAt = -1;
            while (finished.getCount() > 0) {
                if (pipeline.depth() <= rate / 20) {
                    backlogDoneAt = System.nanoTime();
                    sampler.event("backlog written: " + pipeline.depth() + " conversions in memory");
                    break;
                }
                Thread.sleep(5);
            }
            finished.await();
            load[4] = PersistenceThroughput.loadAverage();
            long callersDone = System.nanoTime();
            long gcCount = -gcBefore[0];
            long gcMillis = -gcBefore[1];
            for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                gcCount += gc.getCollectionCount();
                gcMillis += gc.getCollectionTime();
            }
            awaitDrained(ds, pipeline, persisted, 300);
            long drainedAt = System.nanoTime();
            sampler.finish();
            sampler.join();

            // phases by the time each call was due
            List<List<Integer>> byPhase = new ArrayList<>();
            for (int p = 0; p < PHASES.length; p++) {
                byPhase.add(new ArrayList<>());
            }
            for (int i = 0; i < total; i++) {
                long due = t0 + i * period;
                int p = due < t0 + seconds[0] * 1_000_000_000L ? 0 : due < lockedAt ? 1 : due < unlockedAt ? 2 : 3;
                byPhase.get(p).add(i);
            }
            int statementTimeoutMs = container.bean(Settings.class).statementTimeoutSeconds() * 1000;
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "### `buffer.capacity=%d`%s%n%n", capacity,
                    lock ? "" : ", control run: no lock in the \"locked\" phase"));
            md.append(String.format(Locale.ROOT, "PostgreSQL %s; %d calls/s from %d caller threads, latency from the"
                    + " time each call was due; load average (1/5/15 min) at start %s, end of warm-up %s, at the lock %s,"
                    + " at the unlock %s, callers done %s. The lock was acquired %.1f ms after it was due and held %.1f s."
                    + " GC during the schedule: %d collections, %d ms.%n%n", version, rate, callers, load[0], load[1],
                    load[2], load[3], load[4], ms(lockedAt - lockAt), (unlockedAt - lockedAt) / 1e9, gcCount, gcMillis));
            md.append("| phase | calls | p50 ms | p99 ms | p99.9 ms | max ms | start lateness p99 ms"
                    + " | service time p99 ms | service time max ms |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            double[] p99 = new double[PHASES.length];
            long maxService = 0;
            for (int p = 0; p < PHASES.length; p++) {
                List<Integer> idx = byPhase.get(p);
                long[] lat = idx.stream().mapToLong(i -> latency[i]).sorted().toArray();
                long[] svc = idx.stream().mapToLong(i -> service[i]).sorted().toArray();
                maxService = Math.max(maxService, svc[svc.length - 1]);
                p99[p] = ms(pct(lat, 0.99));
                long[] late = idx.stream().mapToLong(i -> latency[i] - service[i]).sorted().toArray();
                md.append(String.format(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                        PHASES[p], lat.length, ms(pct(lat, 0.50)), p99[p], ms(pct(lat, 0.999)), ms(lat[lat.length - 1]),
                        ms(pct(late, 0.99)), ms(pct(svc, 0.99)), ms(svc[svc.length - 1])));
            }
            double diff = p99[2] - p99[1];
            md.append(String.format(Locale.ROOT, "%nLocked p99 − unlocked p99 = **%+.3f ms** (target ≤ +5 ms: %s)."
                            + " Longest call (service time) %.1f ms against the statement timeout of %d ms: %s.%n",
                    diff, diff <= 5 ? "met" : "**missed**", ms(maxService), statementTimeoutMs,
                    ms(maxService) <= statementTimeoutMs ? "within it"
                            : String.format(Locale.ROOT, "%.1f ms over it (the timeout's cancel request and its reply)",
                            ms(maxService) - statementTimeoutMs)));

            // the accounting
            long rows = queryLong(ds, "SELECT COUNT(*) FROM mc_event");
            long rejected = queryLong(ds, "SELECT COUNT(*) FROM mc_event_rejected");
            Map<String, Long> dropped = counters(MetricNames.DROPPED, MetricNames.TAG_REASON);
            Map<String, Long> failures = counters(MetricNames.PERSIST_FAILURES, MetricNames.TAG_EXCEPTION);
            long droppedSum = dropped.values().stream().mapToLong(Long::longValue).sum();
            long made = (long) prewarm + total;
            long recorded = counters(MetricNames.CONVERSIONS, MetricNames.TAG_NAME).getOrDefault("add-to-cart", 0L);
            boolean exact = made == rows + rejected + droppedSum && recorded == made;
            md.append(String.format(Locale.ROOT, "%nAccounting after the drain (%.1f s after the last call; the"
                            + " backlog was written %s after the unlock): calls made %,d (%,d back to back + %,d on"
                            + " the schedule), `microconversions.conversions` %,d; rows in `mc_event` %,d"
                            + " (`microconversions.persisted` %,d), rows in `mc_event_rejected` %,d, dropped %,d %s;"
                            + " %,d + %,d + %,d = %,d: **%s**. Written inline by request threads during the schedule: %,d."
                            + " Persist failures by exception: %s.%n%n",
                    (drainedAt - callersDone) / 1e9, backlogDoneAt < 0 ? "not before the last call"
                            : String.format(Locale.ROOT, "%.0f ms", ms(backlogDoneAt - unlockedAt)), made, prewarm, total, recorded, rows,
                    persisted.getCount(), rejected, droppedSum, dropped, rows, rejected, droppedSum,
                    rows + rejected + droppedSum, exact ? "exact" : "NOT EXACT",
                    CountingJdbcEventStore.INLINE.sum() - inlineBefore, failures.isEmpty() ? "none" : failures));
            md.append("Timeline (every second: calls due so far, conversions in memory, persisted, dropped):\n\n```\n")
                    .append(sampler.lines).append("```\n\n");
            System.out.print(md);
            return new Result(md.toString(), exact);
        }
    }

    /** Prints, once a second, where the conversions are. */
    private static final class Sampler extends Thread {
        private final long t0;
        private final long period;
        private final Pipeline pipeline;
        private final Counter persisted;
        private final AtomicLong next;
        private volatile boolean running = true;
        final StringBuffer lines = new StringBuffer();

        Sampler(long t0, long period, Pipeline pipeline, Counter persisted, AtomicLong next) {
            super("sampler");
            setDaemon(true);
            this.t0 = t0;
            this.period = period;
            this.pipeline = pipeline;
            this.persisted = persisted;
            this.next = next;
        }

        void event(String what) {
            line(String.format(Locale.ROOT, "t=%6.2f s  %s", (System.nanoTime() - t0) / 1e9, what));
        }

        void finish() {
            running = false;
            interrupt();
        }

        private void line(String s) {
            System.out.println("  " + s);
            lines.append(s).append('\n');
        }

        @Override
        public void run() {
            long tick = t0;
            while (running) {
                tick += 1_000_000_000L;
                try {
                    sleepUntil(tick);
                } catch (InterruptedException e) {
                    return;
                }
                line(String.format(Locale.ROOT, "t=%6.2f s  due %,7d  in memory %,6d  persisted %,7d  dropped %s",
                        (System.nanoTime() - t0) / 1e9, Math.min(next.get(), (System.nanoTime() - t0) / period + 1),
                        pipeline.depth(), persisted.getCount(), counters(MetricNames.DROPPED, MetricNames.TAG_REASON)));
            }
        }
    }

    private static void awaitDrained(PooledDataSource ds, Pipeline pipeline, Counter persisted, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (pipeline.depth() > 0 || persisted.getCount() != queryLong(ds, "SELECT COUNT(*) FROM mc_event")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pipeline not drained after " + seconds + " s: depth "
                        + pipeline.depth() + ", persisted " + persisted.getCount());
            }
            Thread.sleep(50);
        }
    }

    /** @return the counters called {@code name}, summed by the value of {@code tag} */
    static Map<String, Long> counters(String name, String tag) {
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<MetricID, Counter> e : BenchContainer.registry().getCounters().entrySet()) {
            if (e.getKey().getName().equals(name)) {
                String value = e.getKey().getTags().getOrDefault(tag, "?");
                out.merge(value, e.getValue().getCount(), Long::sum);
            }
        }
        return out;
    }

    private static long queryLong(PooledDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        for (long now = System.nanoTime(); now < deadline; now = System.nanoTime()) {
            long left = deadline - now;
            if (left > 2_000_000) {
                Thread.sleep((left - 1_000_000) / 1_000_000);
            } else {
                LockSupport.parkNanos(left);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** @return the nearest-rank quantile of sorted values */
    private static long pct(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
