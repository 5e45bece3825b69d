package org.microconversions.interceptors.collect;

import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.microconversions.interceptors.collect.Requests.batch;
import static org.microconversions.interceptors.collect.Requests.event;

/**
 * Thousands of malformed, oversized, wrongly typed and hostile payloads, mixed with valid ones,
 * from a seeded generator (rerun with -Dfuzz.seed=N to reproduce): the endpoint never fails
 * (no exception, so never a 5xx), answers only with its documented statuses, persists every
 * valid event and nothing else.
 */
class CollectFuzzTest {

    private static final String[] HOSTILE = {
            "'; DROP TABLE mc_event; --", "<script>alert(1)</script>", "\" OR 1=1 --", "${jndi:ldap://x/a}",
            "\u202Eevil", "𝕳𝖊𝖑𝖑𝖔 🛒", "\\u0000", "%00", "../../etc/passwd", "\uFEFF", "null", "{}", "[]",
            "9".repeat(400), "x".repeat(100), "x".repeat(101), "é".repeat(60)};
    private static final String[] NAMES = {"video-play", "share", "scroll-depth", "add-to-cart", "Share", "",
            "video_play", "a".repeat(41), "purchase", "DROP TABLE", "share\u0000"};

    @Test
    void neverFailsAndStoresExactlyTheValidEvents() {
        long seed = Long.getLong("fuzz.seed", 20261124L);
        Random random = new Random(seed);
        DataSource db = Databases.derby();
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.COLLECT_ENABLED, "true")
                .config(ConfigKeys.COLLECT_RATE_VISITOR, "1000000").config(ConfigKeys.COLLECT_RATE_ADDRESS, "1000000")
                .config(ConfigKeys.FLUSH_INTERVAL, "50ms").start()) {
            Collector collector = c.bean(Collector.class);
            Set<String> valid = new HashSet<>();
            int hostile = 0;
            for (int i = 0; i < 3_000; i++) {
                long now = System.currentTimeMillis();
                if (random.nextInt(4) == 0) {
                    List<String> events = new ArrayList<>();
                    int n = 1 + random.nextInt(5);
                    for (int k = 0; k < n; k++) {
                        UUID id = UUID.randomUUID();
                        String value = HOSTILE[random.nextInt(6)]; // strings that are valid data, if nasty
                        events.add(event(id, random.nextBoolean() ? "share" : "video-play", now,
                                "{\"note\":\"" + value.replace("\"", "\\\"") + "\"}"));
                        valid.add(id.toString());
                    }
                    CollectOutcome o = collector.collect(Requests.json(batch(events.toArray(String[]::new))));
                    assertThat(o.status()).as("valid batch %d (seed %d)", i, seed).isEqualTo(202);
                    assertThat(o.json()).isEqualTo("{\"accepted\":" + n + ",\"duplicates\":0}");
                } else {
                    hostile++;
                    byte[] body = hostileBody(random, now);
                    CollectOutcome o = collector.collect(new CollectRequest(body, "application/json", Requests.VISITOR,
                            Requests.BROWSER, "127.0.0.1", "granted", false, Requests.OWN, Requests.OWN));
                    assertThat(o.status()).as("payload %d (seed %d): %s", i, seed,
                            new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8))
                            .isIn(202, 400, 413);
                    assertThat(o.json()).startsWith("{");
                    if (o.status() == 202) {
                        // a hostile generator can produce a valid event by chance: then it must be stored
                        valid.addAll(idsIn(body));
                    }
                }
            }
            assertThat(hostile).isGreaterThan(2_000);
            assertThat(valid).hasSizeGreaterThan(500);
            await().atMost(Duration.ofSeconds(60)).until(() -> Databases.count(db, "") >= valid.size());
            Set<String> stored = Databases.rows(db, "SELECT id FROM mc_event").stream().map(r -> r.get(0).trim())
                    .collect(Collectors.toSet());
            assertThat(stored).isEqualTo(valid);
        }
    }

    private static Set<String> idsIn(byte[] body) {
        Set<String> ids = new HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .matcher(new String(body, StandardCharsets.UTF_8));
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    private static byte[] hostileBody(Random r, long now) {
        String id = r.nextInt(5) == 0 ? "not-a-uuid" : UUID.randomUUID().toString();
        String name = NAMES[r.nextInt(NAMES.length)];
        String value = HOSTILE[r.nextInt(HOSTILE.length)].replace("\\", "\\\\").replace("\"", "\\\"");
        String ts = switch (r.nextInt(7)) {
            case 0 -> "1e400";
            case 1 -> "-1";
            case 2 -> "\"" + now + "\"";
            case 3 -> String.valueOf(now + 3_600_000);
            case 4 -> "99999999999999999999999";
            case 5 -> String.valueOf(now - 90_000_000);
            default -> String.valueOf(now);
        };
        String ev = "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"ts\":" + ts
                + ",\"attributes\":{\"k\":\"" + value + "\"}}";
        return switch (r.nextInt(12)) {
            case 0 -> randomBytes(r);
            case 1 -> batch(ev).substring(0, r.nextInt(batch(ev).length())).getBytes(StandardCharsets.UTF_8);
            case 2 -> "[".repeat(5_000 + r.nextInt(50_000)).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"events\":[" + String.join(",", java.util.Collections.nCopies(60 + r.nextInt(100), ev))
                    + "]}").getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"events\":[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"share\",\"ts\":" + now
                    + ",\"attributes\":{\"a\":\"" + "x".repeat(33_000) + "\"}}]}").getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"events\":[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"share\",\"ts\":" + now
                    + ",\"attributes\":{\"a\":" + r.nextInt() + "}}]}").getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"events\":[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"share\",\"ts\":" + now
                    + ",\"attributes\":{" + attrs(11 + r.nextInt(20)) + "}}]}").getBytes(StandardCharsets.UTF_8);
            case 7 -> "{\"events\":null}".getBytes(StandardCharsets.UTF_8);
            case 8 -> ("{\"events\":[" + ev + "],\"events\":[]}").getBytes(StandardCharsets.UTF_8);
            case 9 -> new byte[]{(byte) 0xff, (byte) 0xfe, '{', '}'};
            default -> batch(ev).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String attrs(int n) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            a.add("\"k" + i + "\":\"v\"");
        }
        return String.join(",", a);
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[1 + r.nextInt(2_000)];
        r.nextBytes(b);
        return b;
    }
}
