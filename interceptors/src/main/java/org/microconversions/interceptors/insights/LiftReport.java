package org.microconversions.interceptors.insights;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * For each micro conversion name: the macro rate of visitors who did it against visitors who did
 * not (both over the conversions the filter keeps, in any order), the difference and its 95 % Wald
 * interval. An association, not a causal effect.
 *
 * @param db the store, as reports read it
 */
record LiftReport(ReportDatabase db) {

    /**
     * One pass over the conversions the filter keeps, in any order (no sort, no self-join: Derby
     * took over 300 s for that at 1 M conversions): each visitor's micro conversion names and
     * whether they did the macro one, counted per name at the end.
     *
     * @param macro  the macro conversion name
     * @param filter which conversions count
     * @return rows by name
     * @throws SQLException if the database fails
     */
    Reports.Lift run(String macro, EventFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT x.visitor_id, x.name, x.kind FROM mc_event x WHERE 1 = 1"
                + ReportDatabase.visitors("x", filter, params);
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        Map<String, Visitor> visitors = new HashMap<>();
        try (Connection c = db.connect()) {
            db.stream(c, sql, params, rs -> {
                Visitor v = visitors.computeIfAbsent(rs.getString(1), id -> new Visitor());
                String name = rs.getString(2);
                if (name.equals(macro)) {
                    v.macro = true;
                } else if ("micro".equals(rs.getString(3))) {
                    v.add(ids.computeIfAbsent(name, n -> {
                        names.add(n);
                        return names.size() - 1;
                    }));
                }
            });
        }
        long[] with = new long[names.size()];
        long[] macroWith = new long[names.size()];
        long totalMacro = 0;
        for (Visitor v : visitors.values()) {
            totalMacro += v.macro ? 1 : 0;
            for (int i = 0; i < v.size; i++) {
                with[v.names[i]]++;
                macroWith[v.names[i]] += v.macro ? 1 : 0;
            }
        }
        Map<String, Integer> byName = new TreeMap<>(ids);
        List<Reports.LiftRow> rows = new ArrayList<>(byName.size());
        for (Map.Entry<String, Integer> n : byName.entrySet()) {
            rows.add(row(n.getKey(), with[n.getValue()], macroWith[n.getValue()], visitors.size(), totalMacro));
        }
        return new Reports.Lift(macro, rows);
    }

    /** One visitor: the micro conversion names they did (distinct, as indexes), and the macro one. */
    private static final class Visitor {
        boolean macro;
        int[] names = new int[2];
        int size;

        void add(int name) {
            for (int i = 0; i < size; i++) {
                if (names[i] == name) {
                    return;
                }
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
            }
            names[size++] = name;
        }
    }

    static Reports.LiftRow row(String name, long with, long macroWith, long total, long totalMacro) {
        long without = total - with;
        long macroWithout = totalMacro - macroWith;
        Double rw = Stats.rate(macroWith, with);
        Double rwo = Stats.rate(macroWithout, without);
        Double diff = null;
        Double lo = null;
        Double hi = null;
        if (rw != null && rwo != null) {
            diff = rw - rwo;
            double half = Stats.quantile(0.975) * Math.sqrt(rw * (1 - rw) / with + rwo * (1 - rwo) / without);
            lo = diff - half;
            hi = diff + half;
        }
        return new Reports.LiftRow(name, with, macroWith, without, macroWithout, rw, rwo, diff, lo, hi);
    }
}
