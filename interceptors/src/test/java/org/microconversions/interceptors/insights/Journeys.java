package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.experiment.Assignment;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Seeded synthetic journeys: visitors from several channels, assigned to an experiment, doing the
 * checkout steps with drop-offs, repeats, out-of-order steps, gaps around the funnel window, noise
 * conversions, channel switches and conversions without a visitor. Times are whole minutes so
 * ties and exact window boundaries happen.
 */
final class Journeys {

    static final List<String> STEPS = List.of("view-product", "add-to-cart", "proceed-to-checkout", "purchase");
    static final List<String> NOISE = List.of("add-to-wishlist", "video-play", "share", "newsletter-signup");
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final String[][] CHANNELS = {
            {"google", "cpc", "black_friday"}, {"google", "organic", null}, {"newsletter", "email", "spring-sale"},
            {"(direct)", "(none)", null}, {"facebook", "social", "black_friday"}, {null, null, null}};

    /** One conversion as the test knows it. */
    record Ev(String visitor, String name, String kind, Instant at, String source, String medium, String campaign,
            Map<String, String> variants) {
        String variantsJson() {
            if (variants.isEmpty()) {
                return null;
            }
            StringBuilder sb = new StringBuilder("{");
            variants.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                    .append(v).append('"'));
            return sb.append('}').toString();
        }
    }

    private Journeys() {
    }

    static List<Ev> generate(long seed, int visitors, ExperimentDefinition experiment) {
        Random r = new Random(seed);
        List<Ev> out = new ArrayList<>();
        for (int i = 0; i < visitors; i++) {
            String visitor = String.format(Locale.ROOT, "visitor-%05d-%d", i, seed);
            String[] channel = CHANNELS[r.nextInt(CHANNELS.length)];
            Map<String, String> variants = new LinkedHashMap<>();
            if (r.nextInt(10) < 9) {
                variants.put(experiment.id(), Assignment.variant(experiment, visitor));
            }
            if (r.nextInt(10) == 0) {
                variants.put("promo_x", r.nextBoolean() ? "a_1" : "a%1"); // LIKE wildcards must not leak
            }
            boolean b = "b".equals(variants.get(experiment.id()));
            long base = r.nextInt(20 * 24 * 60); // minutes after START
            // the funnel path, with drop-offs; b converts better on add-to-cart
            double[] go = {0.85, b ? 0.55 : 0.42, 0.6, 0.7};
            long t = base;
            for (int s = 0; s < STEPS.size(); s++) {
                if (r.nextDouble() >= go[s]) {
                    break;
                }
                int times = r.nextInt(6) == 0 ? 2 : 1;
                for (int k = 0; k < times; k++) {
                    t += r.nextInt(5) == 0 ? 0 : r.nextInt(r.nextInt(8) == 0 ? 30 * 60 : 90); // ties, long gaps
                    out.add(event(r, visitor, STEPS.get(s), base + (t - base), channel, variants));
                }
            }
            // stray steps anywhere around the journey (out of order, before the entry, after the window)
            int stray = r.nextInt(4);
            for (int k = 0; k < stray; k++) {
                long at = base + r.nextInt(48 * 60) - 12 * 60;
                out.add(event(r, visitor, STEPS.get(r.nextInt(STEPS.size())), at, channel, variants));
            }
            // exactly on and just past the 24h window edge
            if (r.nextInt(40) == 0) {
                out.add(event(r, visitor, STEPS.get(1 + r.nextInt(3)), base + 24 * 60 + r.nextInt(2), channel,
                        variants));
            }
            int noise = r.nextInt(5);
            for (int k = 0; k < noise; k++) {
                out.add(event(r, visitor, NOISE.get(r.nextInt(NOISE.size())), base + r.nextInt(36 * 60), channel,
                        variants));
            }
        }
        for (int k = 0; k < visitors / 20; k++) { // conversions recorded outside any request
            out.add(new Ev(null, STEPS.get(r.nextInt(STEPS.size())), "micro",
                    START.plusSeconds(60L * r.nextInt(20 * 24 * 60)), null, null, null, Map.of()));
        }
        return out;
    }

    private static Ev event(Random r, String visitor, String name, long minutes, String[] channel,
            Map<String, String> variants) {
        String[] c = r.nextInt(6) == 0 ? CHANNELS[r.nextInt(CHANNELS.length)] : channel; // last touch changes
        return new Ev(visitor, name, name.equals("purchase") ? "macro" : "micro", START.plusSeconds(60 * minutes),
                c[0], c[1], c[2], Map.copyOf(variants));
    }

    static void insert(DataSource ds, List<Ev> events) throws SQLException {
        String sql = "INSERT INTO mc_event (id, name, kind, occurred_at, visitor_id, session_id, source, medium,"
                + " campaign, variants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = ds.getConnection()) {
            boolean pg = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int n = 0;
                for (Ev e : events) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, e.name());
                    ps.setString(3, e.kind());
                    if (pg) {
                        ps.setObject(4, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
                    } else {
                        ps.setTimestamp(4, Timestamp.from(e.at()), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
                    }
                    ps.setString(5, e.visitor());
                    ps.setString(6, e.visitor() == null ? null : "s-" + e.visitor());
                    ps.setString(7, e.source());
                    ps.setString(8, e.medium());
                    ps.setString(9, e.campaign());
                    ps.setString(10, e.variantsJson());
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
