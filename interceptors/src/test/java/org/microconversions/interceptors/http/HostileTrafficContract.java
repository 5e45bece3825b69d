package org.microconversions.interceptors.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.microconversions.api.StorableText;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.experiment.ExperimentAssigner;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile traffic through the real capture filter, interceptor, pipeline and store, on every
 * supported database: a seeded generator of query strings, cookies and headers, each hostile
 * request followed by an ordinary one. Nothing acknowledged may be lost, nothing unstorable may
 * be stored, and the pipeline must never stop.
 */
abstract class HostileTrafficContract {

    static final long SEED = 20261201L;
    static final int HOSTILE = 5_000;
    /** Every this many requests the ordinary conversions so far must be persisted within 2 s. */
    private static final int CHECK_EVERY = 250;
    private static final String[] TEXT_COLUMNS = {"name", "kind", "visitor_id", "session_id", "user_id", "source",
            "medium", "campaign", "variants", "currency", "attributes", "origin"};

    /** @return a new, empty database */
    protected abstract DataSource freshDatabase() throws Exception;

    /** @return rows of mc_event with a control character in a text column, counted in SQL */
    protected abstract long rowsWithControlCharacters(DataSource db) throws Exception;

    @Test
    void hostileRequestsNeverStopCorruptOrLoseConversions() throws Exception {
        DataSource db = freshDatabase();
        try (TestContainer c = TestContainer.builder(db).beans(HostileShopBean.class).start()) {
            HostileShopBean shop = c.bean(HostileShopBean.class);
            Settings settings = c.bean(Settings.class);
            VisitorCaptureFilter filter = new VisitorCaptureFilter(settings.http(), new ExperimentAssigner(Map.of()));
            Random random = new Random(SEED);
            long acknowledged = 0;
            long ordinary = 0;
            long roundTrips = 0;
            for (int i = 0; i < HOSTILE; i++) {
                Request hostile = i % 10 == 0 ? Request.unicode() : Request.hostile(random);
                roundTrips += i % 10 == 0 ? 1 : 0;
                if (serve(filter, hostile, () -> shop.addToCart(hostile.sku()))) {
                    acknowledged++;
                }
                if (serve(filter, Request.ordinary(i), shop::share)) {
                    acknowledged++;
                    ordinary++;
                }
                if ((i + 1) % CHECK_EVERY == 0) {
                    long expected = ordinary;
                    await("ordinary conversions persisted within 2 s after request " + (i + 1))
                            .atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                            .until(() -> Databases.count(db, "name = 'share'") == expected);
                }
            }
            assertThat(acknowledged).isEqualTo(2L * HOSTILE); // capture never fails the shop's request

            long answered = acknowledged;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Databases.count(db, "") + rejected(db) == answered);
            assertThat(Databases.count(db, "") + rejected(db)).isEqualTo(acknowledged);
            assertThat(Databases.queryLong(db, "SELECT COUNT(DISTINCT id) FROM mc_event"))
                    .isEqualTo(Databases.count(db, ""));
            assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(HOSTILE);
            assertThat(TestContainer.conversions("share", "micro")).isEqualTo(HOSTILE);
            assertThat(shop.refusedDetails()).as("hostile skus the API refused").isPositive();

            assertThat(rowsWithControlCharacters(db)).as("rows with a control character, counted in SQL").isZero();
            for (List<String> row : Databases.rows(db,
                    "SELECT " + String.join(", ", TEXT_COLUMNS) + " FROM mc_event")) {
                for (String value : row) {
                    assertThat(StorableText.isStorable(value)).as("storable: %s", row).isTrue();
                }
            }
            assertThat(Databases.count(db, "source = 'größe' AND medium = '東京' AND campaign = '😀'"))
                    .isEqualTo(roundTrips);
            assertThat(Databases.count(db, "name = 'add-to-cart' AND attributes LIKE '%größe 東京 😀%'"))
                    .isEqualTo(roundTrips);
        }
    }

    private static long rejected(DataSource db) {
        return Math.max(0, Databases.queryLong(db, "SELECT COUNT(*) FROM mc_event_rejected"));
    }

    /** @return true when the shop answered (the chain completed), as a 2xx would */
    private static boolean serve(VisitorCaptureFilter filter, Request r, Runnable shopCode) {
        FilterChain chain = (req, res) -> shopCode.run();
        try {
            filter.doFilter(r.servletRequest(), RESPONSE, chain);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static final HttpServletResponse RESPONSE = FakeHttp.response(new java.util.ArrayList<>());

    /** One request as the container would hand it to the filter. */
    record Request(String query, Map<String, String> cookies, Map<String, String> headers, String sku) {

        static Request unicode() {
            return new Request("utm_source=gr%C3%B6%C3%9Fe&utm_medium=%E6%9D%B1%E4%BA%AC&utm_campaign=%F0%9F%98%80",
                    Map.of(), Map.of(), "größe 東京 😀");
        }

        static Request ordinary(int i) {
            return new Request(i % 2 == 0 ? null : "page=" + i, Map.of(), Map.of(), "sku-" + i);
        }

        static Request hostile(Random random) {
            Map<String, String> cookies = new HashMap<>();
            Map<String, String> headers = new HashMap<>();
            String[] cookieNames = {"mc_vid", "mc_sid", "mc_ch", "mc_var"};
            for (String name : cookieNames) {
                if (random.nextBoolean()) {
                    cookies.put(name, name.equals("mc_ch")
                            ? junk(random) + "|" + junk(random) + "|" + junk(random)
                            : junk(random));
                }
            }
            if (random.nextBoolean()) {
                headers.put("Referer", random.nextBoolean() ? junk(random) : "https://" + junk(random) + "/x");
            }
            if (random.nextBoolean()) {
                headers.put("X-Experiment-Variants", junk(random));
            }
            String query = switch (random.nextInt(4)) {
                case 0 -> "utm_source=ev%00il";
                case 1 -> "utm_source=a%0d%0aX-Evil:%20y&utm_medium=" + junk(random);
                case 2 -> "utm_source=" + "a".repeat(99) + "%F0%9F%98%80&utm_campaign=%ED%A0%80";
                default ->
                    "utm_source=" + junk(random) + "&utm_medium=" + junk(random) + "&utm_campaign=" + junk(random)
                            + "&" + junk(random);
            };
            return new Request(query, cookies, headers, junk(random));
        }

        private static final String PUNCTUATION = "=&|,;+%\"'\\\u2028\u2029<>";

        private static String junk(Random random) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(random.nextInt(10) == 0 ? 400 : 40);
            for (int j = 0; j < n; j++) {
                switch (random.nextInt(7)) {
                    case 0 -> b.append('%').append(String.format("%02X", random.nextInt(256)));
                    case 1 -> b.append((char) random.nextInt(0x20));
                    case 2 -> b.append((char) (0x80 + random.nextInt(0x20)));
                    case 3 -> b.append((char) (0xD800 + random.nextInt(0x800)));
                    case 4 -> b.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                    case 5 -> b.append(Character.toChars(0x1F600 + random.nextInt(50)));
                    default -> b.append((char) ('a' + random.nextInt(26)));
                }
            }
            return b.toString();
        }

        HttpServletRequest servletRequest() {
            return FakeHttp.request(query, cookies, headers, false);
        }
    }
}
