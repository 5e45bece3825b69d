package org.microconversions.interceptors.insights;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.microconversions.interceptors.container.ContainerResources;
import org.microconversions.interceptors.experiment.ExperimentConfig;
import org.microconversions.interceptors.experiment.ExperimentDefinition;
import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.jdbc.Statements;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * Funnels, channels, micro-to-macro lift, experiments and time series over {@code mc_event} on
 * Apache Derby or PostgreSQL: SQL aggregations, except funnels, which match each visitor's path in
 * one ordered pass over the funnel's conversions. Conversions without a visitor id are ignored
 * except by the time series. Semantics: docs/insights.md.
 */
@ApplicationScoped
public class InsightsQueries {

    @Inject
    ContainerResources resources;

    private volatile InsightsConfig config;
    private volatile Map<String, ExperimentDefinition> experiments;
    private volatile Dialect dialect;

    /** Takes the funnels, insights settings and experiments validated at deployment. */
    @Inject
    void init(InsightsConfig config, ExperimentConfig experiments) {
        this.config = config;
        this.experiments = experiments.definitions();
    }

    /** Validates funnels and experiments when the application starts, not at the first report. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        config();
    }

    /** @return {@code microconversions.insights.timeout}, as JDBC wants it */
    private int timeoutSeconds() {
        return (int) config().timeout().toSeconds();
    }

    /** @return funnels and insights settings */
    public InsightsConfig config() {
        return config;
    }

    /** @return experiments by id */
    public Map<String, ExperimentDefinition> experiments() {
        return experiments;
    }

    // ------------------------------------------------------------------ funnels

    /**
     * One funnel (semantics in docs/insights.md): a visitor enters at their first step-1 conversion
     * (closed) or their first conversion of any step (open); each later step counts at its first
     * conversion at or after the previous step's, within the window from the entry.
     *
     * <p>One ordered pass: the database streams the funnel's conversions (step number and time
     * only), grouped by visitor through the {@code (visitor_id, name, occurred_at)} index, and each
     * visitor's path is matched here as it goes by; memory holds one visitor at a time. Measured
     * faster than the same definition as SQL window aggregates (docs/insights.md).
     *
     * @param funnel the funnel
     * @param filter which conversions count
     * @return per step counts, rates and median times
     * @throws SQLException if the database fails
     */
    public Reports.Funnel funnel(FunnelDefinition funnel, EventFilter filter) throws SQLException {
        List<String> steps = funnel.steps();
        int n = steps.size();
        boolean pg = isPostgres();
        List<Object> params = new ArrayList<>();
        String sql = funnelScanSql(funnel, filter, params, pg);
        Matcher m = new Matcher(funnel);
        try (Connection c = reportConnection()) {
            boolean auto = c.getAutoCommit();
            if (pg && auto) {
                c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            }
            try (PreparedStatement ps = Statements.prepare(c, sql, timeoutSeconds())) {
                bind(ps, params, pg);
                ps.setFetchSize(20_000);
                try (ResultSet rs = ps.executeQuery()) {
                    String current = null;
                    while (rs.next()) {
                        String visitor = rs.getString(1);
                        if (!visitor.equals(current)) {
                            m.endVisitor();
                            current = visitor;
                        }
                        int step = rs.getInt(2) - 1;
                        long micros;
                        if (pg) {
                            micros = rs.getLong(3);
                        } else {
                            Instant t = rs.getTimestamp(3, Calendar.getInstance(TimeZone.getTimeZone("UTC")))
                                    .toInstant();
                            micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
                        }
                        m.add(step, micros);
                    }
                    m.endVisitor();
                }
            } finally {
                if (pg && auto) {
                    c.rollback(); // read only
                    c.setAutoCommit(true);
                }
            }
        }
        Double[] medians = new Double[n];
        for (int k = 1; k < n; k++) {
            medians[k] = median(m.gaps.get(k));
        }
        return report(funnel, m.entered, m.visitors, medians);
    }

    /** The funnel's conversions, one row each: visitor, step number (1-based), time; grouped by visitor. */
    static String funnelScanSql(FunnelDefinition funnel, EventFilter filter, List<Object> params, boolean pg) {
        List<String> steps = funnel.steps();
        StringBuilder in = new StringBuilder();
        StringBuilder index = new StringBuilder("CASE");
        for (int k = 0; k < steps.size(); k++) {
            in.append(k == 0 ? "?" : ", ?");
            index.append(" WHEN x.name = ? THEN ").append(k + 1);
        }
        index.append(" END");
        params.addAll(steps); // the CASE comes first in the text
        params.addAll(steps);
        String time = pg ? "CAST(EXTRACT(EPOCH FROM x.occurred_at) * 1000000 AS BIGINT)" : "x.occurred_at";
        return "SELECT x.visitor_id, " + index + ", " + time + " FROM mc_event x WHERE x.name IN (" + in + ")"
                + where("x", filter, params, pg) + " ORDER BY x.visitor_id";
    }

    /** Matches one visitor's conversions at a time against the funnel's definition. */
    private static final class Matcher {
        private final boolean closed;
        private final long windowMicros;
        private final int n;
        final long[] visitors;
        final List<List<Double>> gaps = new ArrayList<>();
        long entered;
        private int size;
        private int[] step = new int[64];
        private long[] at = new long[64];
        private final long[] reached;

        Matcher(FunnelDefinition funnel) {
            closed = funnel.mode() == FunnelDefinition.Mode.CLOSED;
            windowMicros = funnel.window() == null ? -1 : funnel.window().getSeconds() * 1_000_000L;
            n = funnel.steps().size();
            visitors = new long[n];
            reached = new long[n];
            for (int k = 0; k < n; k++) {
                gaps.add(new ArrayList<>());
            }
        }

        void add(int s, long micros) {
            if (size == step.length) {
                step = Arrays.copyOf(step, size * 2);
                at = Arrays.copyOf(at, size * 2);
            }
            step[size] = s;
            at[size] = micros;
            size++;
        }

        void endVisitor() {
            if (size == 0) {
                return;
            }
            // entry: first step-1 conversion (closed) or first conversion of any step, earliest step on ties (open)
            int entryStep = -1;
            long t0 = 0;
            for (int i = 0; i < size; i++) {
                if (closed && step[i] != 0) {
                    continue;
                }
                if (entryStep < 0 || at[i] < t0 || (at[i] == t0 && step[i] < entryStep)) {
                    t0 = at[i];
                    entryStep = step[i];
                }
            }
            if (entryStep < 0) {
                size = 0;
                return;
            }
            entered++;
            long limit = windowMicros < 0 ? Long.MAX_VALUE : t0 + windowMicros;
            visitors[entryStep]++;
            reached[entryStep] = t0;
            for (int k = entryStep + 1; k < n; k++) {
                long previous = reached[k - 1];
                long best = Long.MAX_VALUE;
                for (int i = 0; i < size; i++) {
                    if (step[i] == k && at[i] >= previous && at[i] <= limit && at[i] < best) {
                        best = at[i];
                    }
                }
                if (best == Long.MAX_VALUE) {
                    break;
                }
                reached[k] = best;
                visitors[k]++;
                gaps.get(k).add((best - previous) / 1e6);
            }
            size = 0;
        }
    }

    private static Reports.Funnel report(FunnelDefinition funnel, long entered, long[] visitors, Double[] medians) {
        List<Reports.FunnelStep> out = new ArrayList<>(visitors.length);
        for (int k = 0; k < visitors.length; k++) {
            Double stepRate = k == 0 ? null : rate(visitors[k], visitors[k - 1]);
            Long dropOff = k == 0 ? null : visitors[k - 1] - visitors[k];
            out.add(new Reports.FunnelStep(funnel.steps().get(k), visitors[k], stepRate, rate(visitors[k], entered),
                    dropOff, k == 0 ? null : medians[k]));
        }
        return new Reports.Funnel(funnel, entered, out);
    }

    // ------------------------------------------------------------------ channels

    /**
     * Per source, medium and campaign of the conversions: distinct visitors, micro conversions per
     * visitor, and the share of those visitors with a macro conversion from the same channel.
     *
     * @param filter which conversions count
     * @return channels, most visitors first
     * @throws SQLException if the database fails
     */
    public List<Reports.Channel> channels(EventFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        boolean pg = isPostgres();
        String where = where("x", filter, params, pg);
        String sql = "SELECT t.source, t.medium, t.campaign, COUNT(*), SUM(t.micro), SUM(t.macro) FROM"
                + " (SELECT x.source, x.medium, x.campaign, x.visitor_id,"
                + " SUM(CASE WHEN x.kind = 'micro' THEN 1 ELSE 0 END) AS micro,"
                + " MAX(CASE WHEN x.kind = 'macro' THEN 1 ELSE 0 END) AS macro"
                + " FROM mc_event x WHERE 1 = 1" + where + " GROUP BY x.source, x.medium, x.campaign, x.visitor_id) t"
                + " GROUP BY t.source, t.medium, t.campaign";
        List<Reports.Channel> out = new ArrayList<>();
        try (Connection c = reportConnection(); PreparedStatement ps = Statements.prepare(c, sql, timeoutSeconds())) {
            bind(ps, params, pg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Reports.Channel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6)));
                }
            }
        }
        Comparator<String> nullsLast = Comparator.nullsLast(Comparator.naturalOrder());
        out.sort(Comparator.comparingLong(Reports.Channel::visitors).reversed()
                .thenComparing(Reports.Channel::source, nullsLast)
                .thenComparing(Reports.Channel::medium, nullsLast)
                .thenComparing(Reports.Channel::campaign, nullsLast));
        return out;
    }

    // ------------------------------------------------------------------ lift

    /**
     * For each micro conversion name: the macro rate of visitors who did it against visitors who did
     * not (both over the conversions the filter keeps, in any order), the difference and its 95 %
     * Wald interval. An association, not a causal effect.
     *
     * @param macro  the macro conversion name
     * @param filter which conversions count
     * @return rows by name
     * @throws SQLException if the database fails
     */
    public Reports.Lift lift(String macro, EventFilter filter) throws SQLException {
        boolean pg = isPostgres();
        List<Object> p1 = new ArrayList<>();
        p1.add(macro);
        String perVisitor = "SELECT x.visitor_id, MAX(CASE WHEN x.name = ? THEN 1 ELSE 0 END) AS m"
                + " FROM mc_event x WHERE 1 = 1" + where("x", filter, p1, pg) + " GROUP BY x.visitor_id";
        long total;
        long totalMacro;
        List<Reports.LiftRow> rows = new ArrayList<>();
        try (Connection c = reportConnection()) {
            try (PreparedStatement ps = Statements.prepare(c, "SELECT COUNT(*), SUM(t.m) FROM (" + perVisitor + ") t",
                    timeoutSeconds())) {
                bind(ps, p1, pg);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                    totalMacro = rs.getLong(2);
                }
            }
            List<Object> p2 = new ArrayList<>();
            p2.add(macro);
            String distinct = "SELECT DISTINCT x.visitor_id, x.name FROM mc_event x WHERE x.kind = 'micro'"
                    + " AND x.name <> ?" + where("x", filter, p2, pg);
            p2.addAll(p1);
            String perVisitor2 = "SELECT x.visitor_id, MAX(CASE WHEN x.name = ? THEN 1 ELSE 0 END) AS m"
                    + " FROM mc_event x WHERE 1 = 1" + where("x", filter, new ArrayList<>(), pg)
                    + " GROUP BY x.visitor_id";
            String sql = "SELECT d.name, COUNT(*), SUM(t.m) FROM (" + distinct + ") d JOIN (" + perVisitor2
                    + ") t ON t.visitor_id = d.visitor_id GROUP BY d.name ORDER BY d.name";
            try (PreparedStatement ps = Statements.prepare(c, sql, timeoutSeconds())) {
                bind(ps, p2, pg);
                try (ResultSet rs = ps.executeQuery()) {
                    double z = Stats.quantile(0.975);
                    while (rs.next()) {
                        long with = rs.getLong(2);
                        long macroWith = rs.getLong(3);
                        long without = total - with;
                        long macroWithout = totalMacro - macroWith;
                        Double rw = rate(macroWith, with);
                        Double rwo = rate(macroWithout, without);
                        Double diff = null;
                        Double lo = null;
                        Double hi = null;
                        if (rw != null && rwo != null) {
                            diff = rw - rwo;
                            double half = z * Math.sqrt(rw * (1 - rw) / with + rwo * (1 - rwo) / without);
                            lo = diff - half;
                            hi = diff + half;
                        }
                        rows.add(new Reports.LiftRow(rs.getString(1), with, macroWith, without, macroWithout, rw, rwo,
                                diff, lo, hi));
                    }
                }
            }
        }
        return new Reports.Lift(macro, rows);
    }

    // ------------------------------------------------------------------ experiments

    /**
     * Per variant: the exposed visitors (entered at their first conversion carrying the variant, or
     * their first exposure conversion when the experiment names one), those of them with the goal
     * conversion carrying it from their entry on, and the comparison with the control (the first
     * variant): fixed-horizon z-test, always-valid sequential test, CUPED, sample-ratio check and
     * guardrail ({@link ExperimentAnalysis}).
     *
     * @param experiment the experiment
     * @param goal       goal conversion name
     * @param guardrail  guardrail conversion name, or null for none
     * @param filter     which conversions count (its experiment and variant are replaced)
     * @return rows, control first
     * @throws SQLException if the database fails
     */
    public Reports.Experiment experiment(ExperimentDefinition experiment, String goal, String guardrail,
            EventFilter filter) throws SQLException {
        boolean pg = isPostgres();
        String guard = guardrail == null ? goal : guardrail;
        List<String> ids = new ArrayList<>();
        List<long[]> rows = new ArrayList<>(); // variant, entry micros, goal, guardrail, pre
        try (Connection c = reportConnection()) {
            List<ExperimentDefinition.Variant> variants = experiment.variants();
            for (int i = 0; i < variants.size(); i++) {
                List<Object> params = new ArrayList<>();
                String sql = exposedVisitorsSql(experiment, variants.get(i).name(), goal, guard, filter, params, pg);
                try (PreparedStatement ps = Statements.prepare(c, sql, timeoutSeconds())) {
                    bind(ps, params, pg);
                    ps.setFetchSize(20_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                            rows.add(new long[]{i, micros(rs, 2, pg), rs.getInt(3), rs.getInt(4), 0});
                        }
                    }
                }
            }
            if (experiment.cupedPrePeriod() != null && !rows.isEmpty()) {
                countPrePeriod(c, experiment, goal, ids, rows, pg);
            }
        }
        List<ExperimentAnalysis.Visitor> visitors = new ArrayList<>(rows.size());
        for (int k = 0; k < rows.size(); k++) {
            long[] r = rows.get(k);
            visitors.add(new ExperimentAnalysis.Visitor(ids.get(k), (int) r[0], r[1], r[2] == 1, r[3] == 1, r[4]));
        }
        return ExperimentAnalysis.analyse(experiment, goal, guardrail, visitors);
    }

    /** {@link #experiment(ExperimentDefinition, String, String, EventFilter)} without a guardrail. */
    public Reports.Experiment experiment(ExperimentDefinition experiment, String goal, EventFilter filter)
            throws SQLException {
        return experiment(experiment, goal, null, filter);
    }

    /**
     * One row per visitor exposed to the variant: id, entry time, and whether they had the goal and
     * the guardrail conversion (0/1) carrying the variant at or after their entry. One grouped pass
     * over the variant's conversions, no join (a self-join took minutes on Derby at 20,000
     * conversions).
     */
    static String exposedVisitorsSql(ExperimentDefinition e, String variant, String goal, String guardrail,
            EventFilter filter, List<Object> params, boolean pg) {
        EventFilter f = filter.withVariant(e.id(), variant);
        String time = pg ? "CAST(EXTRACT(EPOCH FROM q.t0) * 1000000 AS BIGINT)" : "q.t0";
        if (e.exposure() == null) {
            // entry at the first conversion carrying the variant: every goal carrying it is at or after it
            params.add(goal);
            params.add(guardrail);
            return "SELECT q.visitor_id, " + time + ", q.g, q.m FROM (SELECT x.visitor_id, MIN(x.occurred_at) AS t0,"
                    + " MAX(CASE WHEN x.name = ? THEN 1 ELSE 0 END) AS g,"
                    + " MAX(CASE WHEN x.name = ? THEN 1 ELSE 0 END) AS m FROM mc_event x WHERE 1 = 1"
                    + where("x", f, params, pg) + " GROUP BY x.visitor_id) q";
        }
        // entry at the first exposure; a goal counts when its last conversion is at or after the entry
        params.add(e.exposure());
        params.add(goal);
        params.add(guardrail);
        params.add(e.exposure());
        params.add(goal);
        params.add(guardrail);
        return "SELECT q.visitor_id, " + time + ", CASE WHEN q.gl >= q.t0 THEN 1 ELSE 0 END,"
                + " CASE WHEN q.ml >= q.t0 THEN 1 ELSE 0 END FROM (SELECT x.visitor_id,"
                + " MIN(CASE WHEN x.name = ? THEN x.occurred_at END) AS t0,"
                + " MAX(CASE WHEN x.name = ? THEN x.occurred_at END) AS gl,"
                + " MAX(CASE WHEN x.name = ? THEN x.occurred_at END) AS ml"
                + " FROM mc_event x WHERE x.name IN (?, ?, ?)" + where("x", f, params, pg)
                + " GROUP BY x.visitor_id) q WHERE q.t0 IS NOT NULL";
    }

    /**
     * CUPED's covariate: each exposed visitor's goal conversions in [entry - pre-period, entry),
     * whatever their variants and the report's range. One scan of the goal's conversions in the
     * window that spans every visitor's, counted here per visitor.
     */
    private void countPrePeriod(Connection c, ExperimentDefinition e, String goal, List<String> ids,
            List<long[]> rows, boolean pg) throws SQLException {
        long preMicros = e.cupedPrePeriod().getSeconds() * 1_000_000L;
        Map<String, List<long[]>> byVisitor = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int k = 0; k < rows.size(); k++) {
            long[] r = rows.get(k);
            byVisitor.computeIfAbsent(ids.get(k), id -> new ArrayList<>(1)).add(r);
            first = Math.min(first, r[1]);
            last = Math.max(last, r[1]);
        }
        List<Object> params = new ArrayList<>(List.of(goal, instant(first - preMicros), instant(last)));
        String time = pg ? "CAST(EXTRACT(EPOCH FROM x.occurred_at) * 1000000 AS BIGINT)" : "x.occurred_at";
        String sql = "SELECT x.visitor_id, " + time + " FROM mc_event x WHERE x.name = ? AND x.visitor_id IS NOT NULL"
                + " AND x.occurred_at >= ? AND x.occurred_at < ?";
        try (PreparedStatement ps = Statements.prepare(c, sql, timeoutSeconds())) {
            bind(ps, params, pg);
            ps.setFetchSize(20_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<long[]> mine = byVisitor.get(rs.getString(1));
                    if (mine == null) {
                        continue;
                    }
                    long at = micros(rs, 2, pg);
                    for (long[] r : mine) {
                        if (at < r[1] && at >= r[1] - preMicros) {
                            r[4]++;
                        }
                    }
                }
            }
        }
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    private static long micros(ResultSet rs, int column, boolean pg) throws SQLException {
        if (pg) {
            return rs.getLong(column);
        }
        Instant t = rs.getTimestamp(column, Calendar.getInstance(TimeZone.getTimeZone("UTC"))).toInstant();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    // ------------------------------------------------------------------ time series

    /**
     * Conversions per UTC day and name (all conversions, with or without a visitor).
     *
     * @param name   one name, or null for all
     * @param filter which conversions count
     * @return points by day then name
     * @throws SQLException if the database fails
     */
    public List<Reports.Point> timeseries(String name, EventFilter filter) throws SQLException {
        boolean pg = isPostgres();
        List<Object> params = new ArrayList<>();
        String day = pg ? "CAST(x.occurred_at AT TIME ZONE 'UTC' AS DATE)" : "CAST(x.occurred_at AS DATE)";
        String nameCond = "";
        if (name != null) {
            nameCond = " AND x.name = ?";
            params.add(name);
        }
        String where = whereAny("x", filter, params, pg);
        String sql = "SELECT t.d, t.name, COUNT(*) FROM (SELECT " + day + " AS d, x.name FROM mc_event x WHERE 1 = 1"
                + nameCond + where + ") t GROUP BY t.d, t.name ORDER BY t.d, t.name";
        List<Reports.Point> out = new ArrayList<>();
        try (Connection c = reportConnection(); PreparedStatement ps = Statements.prepare(c, sql, timeoutSeconds())) {
            bind(ps, params, pg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Reports.Point(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ SQL helpers

    private static String where(String alias, EventFilter f, List<Object> params, boolean pg) {
        return " AND " + alias + ".visitor_id IS NOT NULL" + whereAny(alias, f, params, pg);
    }

    private static String whereAny(String alias, EventFilter f, List<Object> params, boolean pg) {
        StringBuilder sb = new StringBuilder();
        if (f.from() != null) {
            sb.append(" AND ").append(alias).append(".occurred_at >= ?");
            params.add(f.from());
        }
        if (f.to() != null) {
            sb.append(" AND ").append(alias).append(".occurred_at < ?");
            params.add(f.to());
        }
        if (f.source() != null) {
            sb.append(" AND ").append(alias).append(".source = ?");
            params.add(f.source());
        }
        if (f.medium() != null) {
            sb.append(" AND ").append(alias).append(".medium = ?");
            params.add(f.medium());
        }
        if (f.campaign() != null) {
            sb.append(" AND ").append(alias).append(".campaign = ?");
            params.add(f.campaign());
        }
        if (f.experiment() != null && f.variant() != null) {
            sb.append(" AND ").append(alias).append(".variants LIKE ? ESCAPE '!'");
            params.add("%" + like("\"" + f.experiment() + "\":\"" + f.variant() + "\"") + "%");
        }
        return sb.toString();
    }

    private static String like(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static void bind(PreparedStatement ps, List<Object> params, boolean pg) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Instant at) {
                if (pg) {
                    ps.setObject(i + 1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                } else {
                    ps.setTimestamp(i + 1, Timestamp.from(at), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
                }
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    private DataSource dataSource() {
        return resources.dataSource();
    }

    /** The store's {@link Dialect}: the one place that tells Derby from PostgreSQL. */
    private boolean isPostgres() throws SQLException {
        Dialect d = dialect;
        if (d == null) {
            try (Connection c = reportConnection()) {
                d = Dialect.of(c);
            }
            dialect = d;
        }
        return d == Dialect.POSTGRESQL;
    }

    /**
     * A connection for reports: read committed, whatever the server's default. Application servers
     * often default to repeatable read, under which a report over embedded Derby would lock every
     * row it reads while the pipeline keeps inserting.
     */
    private Connection reportConnection() throws SQLException {
        Connection c = dataSource().getConnection();
        try {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
