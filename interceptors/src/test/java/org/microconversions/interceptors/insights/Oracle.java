package org.microconversions.interceptors.insights;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.microconversions.interceptors.experiment.ExperimentDefinition;
import org.microconversions.interceptors.insights.Journeys.Ev;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The figures computed again in plain Java from the generated list, straight from the definitions
 * in docs/insights.md, and statistics from Apache Commons Math. Shares no code with the queries.
 */
final class Oracle {

    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private Oracle() {
    }

    static boolean keep(Ev e, EventFilter f) {
        return e.visitor() != null && keepAny(e, f);
    }

    static boolean keepAny(Ev e, EventFilter f) {
        return (f.from() == null || !e.at().isBefore(f.from()))
                && (f.to() == null || e.at().isBefore(f.to()))
                && (f.source() == null || f.source().equals(e.source()))
                && (f.medium() == null || f.medium().equals(e.medium()))
                && (f.campaign() == null || f.campaign().equals(e.campaign()))
                && (f.experiment() == null || f.variant().equals(e.variants().get(f.experiment())));
    }

    /** Funnel: {visitors per step..., entered}, and the median gaps per step. */
    record FunnelFigures(long entered, long[] visitors, Double[] medians) {
    }

    static FunnelFigures funnel(List<Ev> events, FunnelDefinition f, EventFilter filter) {
        int n = f.steps().size();
        Map<String, List<Ev>> byVisitor = events.stream().filter(e -> keep(e, filter))
                .filter(e -> f.steps().contains(e.name()))
                .collect(Collectors.groupingBy(Ev::visitor));
        long entered = 0;
        long[] visitors = new long[n];
        List<List<Double>> gaps = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            gaps.add(new ArrayList<>());
        }
        for (List<Ev> evs : byVisitor.values()) {
            Instant entry = null;
            int entryStep = -1;
            for (Ev e : evs) {
                int s = f.steps().indexOf(e.name());
                boolean allowed = f.mode() == FunnelDefinition.Mode.OPEN || s == 0;
                if (!allowed) {
                    continue;
                }
                if (entry == null || e.at().isBefore(entry) || (e.at().equals(entry) && s < entryStep)) {
                    entry = e.at();
                    entryStep = s;
                }
            }
            if (entry == null) {
                continue;
            }
            entered++;
            Instant limit = f.window() == null ? Instant.MAX : entry.plus(f.window());
            Instant[] t = new Instant[n];
            t[entryStep] = entry;
            for (int k = entryStep + 1; k < n; k++) {
                Instant prev = t[k - 1];
                if (prev == null) {
                    break;
                }
                Instant best = null;
                for (Ev e : evs) {
                    if (e.name().equals(f.steps().get(k)) && !e.at().isBefore(prev) && !e.at().isAfter(limit)
                            && (best == null || e.at().isBefore(best))) {
                        best = e.at();
                    }
                }
                t[k] = best;
            }
            for (int k = 0; k < n; k++) {
                if (t[k] != null) {
                    visitors[k]++;
                    if (k > 0 && t[k - 1] != null) {
                        gaps.get(k).add(Duration.between(t[k - 1], t[k]).toMillis() / 1000.0);
                    }
                }
            }
        }
        Double[] medians = new Double[n];
        for (int k = 1; k < n; k++) {
            double[] a = gaps.get(k).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            medians[k] = a.length == 0
                    ? null
                    : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
        }
        return new FunnelFigures(entered, visitors, medians);
    }

    /** Channel key to {visitors, micro, macroVisitors}. */
    static Map<List<String>, long[]> channels(List<Ev> events, EventFilter filter) {
        Map<List<String>, Set<String>> visitors = new HashMap<>();
        Map<List<String>, Set<String>> macro = new HashMap<>();
        Map<List<String>, long[]> out = new HashMap<>();
        for (Ev e : events) {
            if (!keep(e, filter)) {
                continue;
            }
            List<String> key = Arrays.asList(e.source(), e.medium(), e.campaign());
            visitors.computeIfAbsent(key, k -> new HashSet<>()).add(e.visitor());
            long[] row = out.computeIfAbsent(key, k -> new long[3]);
            if (e.kind().equals("micro")) {
                row[1]++;
            } else {
                macro.computeIfAbsent(key, k -> new HashSet<>()).add(e.visitor());
            }
        }
        out.forEach((k, row) -> {
            row[0] = visitors.get(k).size();
            row[2] = macro.getOrDefault(k, Set.of()).size();
        });
        return out;
    }

    /** Micro name to {with, macroWith, without, macroWithout}. */
    static Map<String, long[]> lift(List<Ev> events, String macroName, EventFilter filter) {
        Map<String, Set<String>> namesByVisitor = new HashMap<>();
        Set<String> buyers = new HashSet<>();
        Set<String> micros = new TreeSet<>();
        for (Ev e : events) {
            if (!keep(e, filter)) {
                continue;
            }
            Set<String> names = namesByVisitor.computeIfAbsent(e.visitor(), k -> new HashSet<>());
            if (e.name().equals(macroName)) {
                buyers.add(e.visitor());
            } else if (e.kind().equals("micro")) {
                names.add(e.name());
                micros.add(e.name());
            }
        }
        Map<String, long[]> out = new TreeMap<>();
        for (String m : micros) {
            long[] row = new long[4];
            namesByVisitor.forEach((v, names) -> {
                int i = names.contains(m) ? 0 : 2;
                row[i]++;
                if (buyers.contains(v)) {
                    row[i + 1]++;
                }
            });
            out.put(m, row);
        }
        return out;
    }

    /** Variant to {visitors, converted}. */
    static Map<String, long[]> experiment(List<Ev> events, ExperimentDefinition x, String goal, EventFilter filter) {
        Map<String, long[]> out = new HashMap<>();
        for (ExperimentDefinition.Variant v : x.variants()) {
            Set<String> seen = new HashSet<>();
            Set<String> converted = new HashSet<>();
            for (Ev e : events) {
                if (keep(e, filter) && v.name().equals(e.variants().get(x.id()))) {
                    seen.add(e.visitor());
                    if (e.name().equals(goal)) {
                        converted.add(e.visitor());
                    }
                }
            }
            out.put(v.name(), new long[]{seen.size(), converted.size()});
        }
        return out;
    }

    /**
     * The experiment's exposed visitors from the raw conversions, straight from docs/insights.md:
     * per variant, a visitor enters at their first kept conversion carrying it (named the exposure,
     * when there is one); goal and guardrail count from the entry on, carrying the variant; the
     * pre-period covariate counts all their goal conversions in [entry - pre-period, entry).
     */
    static List<ExperimentOracle.Row> exposedVisitors(List<Ev> events, ExperimentDefinition x, String goal,
            String guardrail, EventFilter filter) {
        Map<String, List<Ev>> all = events.stream().filter(e -> e.visitor() != null)
                .collect(Collectors.groupingBy(Ev::visitor));
        List<ExperimentOracle.Row> rows = new ArrayList<>();
        for (int i = 0; i < x.variants().size(); i++) {
            String variant = x.variants().get(i).name();
            Map<String, List<Ev>> kept = events.stream()
                    .filter(e -> keep(e, filter) && variant.equals(e.variants().get(x.id())))
                    .collect(Collectors.groupingBy(Ev::visitor));
            for (Map.Entry<String, List<Ev>> v : kept.entrySet()) {
                Instant entry = v.getValue().stream()
                        .filter(e -> x.exposure() == null || x.exposure().equals(e.name()))
                        .map(Ev::at).min(Instant::compareTo).orElse(null);
                if (entry == null) {
                    continue;
                }
                boolean g = v.getValue().stream().anyMatch(e -> e.name().equals(goal) && !e.at().isBefore(entry));
                boolean m = v.getValue().stream().anyMatch(e -> e.name().equals(guardrail)
                        && !e.at().isBefore(entry));
                long pre = x.cupedPrePeriod() == null
                        ? 0
                        : all.get(v.getKey()).stream()
                                .filter(e -> e.name().equals(goal) && e.at().isBefore(entry)
                                        && !e.at().isBefore(entry.minus(x.cupedPrePeriod())))
                                .count();
                long micros = entry.getEpochSecond() * 1_000_000L + entry.getNano() / 1000;
                rows.add(new ExperimentOracle.Row(v.getKey(), i, micros, g, m, pre));
            }
        }
        return rows;
    }

    static double pValue(long x1, long n1, long x2, long n2) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double z = (p2 - p1) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return 2 * NORMAL.cumulativeProbability(-Math.abs(z));
    }

    static double[] interval(long x1, long n1, long x2, long n2, double alpha) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double half = NORMAL.inverseCumulativeProbability(1 - alpha / 2)
                * Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        return new double[]{p2 - p1 - half, p2 - p1 + half};
    }

    /** "day|name" to count, all conversions including those without a visitor. */
    static Map<String, Long> timeseries(List<Ev> events, String name, EventFilter filter) {
        Map<String, Long> out = new TreeMap<>();
        for (Ev e : events) {
            if (keepAny(e, filter) && (name == null || Objects.equals(name, e.name()))) {
                out.merge(e.at().atZone(ZoneOffset.UTC).toLocalDate() + "|" + e.name(), 1L, Long::sum);
            }
        }
        return out;
    }
}
