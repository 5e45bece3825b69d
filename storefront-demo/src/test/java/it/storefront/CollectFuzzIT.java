package it.storefront;

import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded fuzz of the collect endpoint over real HTTP: ~500 hostile requests (random bytes,
 * truncated JSON, deep nesting, huge numbers, wrong types, SQL/script/unicode strings in names and
 * keys, wrong content types, bodies over 512 KB with and without Content-Length, foreign origins,
 * no consent, bots) interleaved with valid batches from 10 visitors, so the per-visitor limit is
 * never what answers. Every answer must be the documented status, never a 5xx; every refusal JSON
 * with an {@code error} and no stack trace. At the end every valid event is stored for its visitor
 * and nothing else is: each event has a unique timestamp, which {@code /api/me/conversions} returns,
 * and the endpoint's duplicate check tells which ids it ever accepted.
 * <p>
 * Reproduce a run with {@code -Dit.fuzz.seed=<seed printed on stdout>} (Failsafe passes it on).
 */
@ExtendWith(ArquillianExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CollectFuzzIT {

    private static final int REQUESTS = 500;
    private static final int VISITORS = 10;
    private static final int MAX_BODY = 512_000;
    private static final int MAX_EVENTS = 50;
    private static final String OWN_ORIGIN = ShopClient.baseUri();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.storefront();
    }

    /** One generated request and what the contract says it gets. */
    record Case(String kind, boolean valid, Set<Integer> expected, String contentType, byte[] body, boolean chunked,
            Map<String, String> headers, boolean consent, List<String> ids, List<Long> ts) {

        String describe() {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return kind + " [" + (contentType == null ? "no content type" : contentType) + ", " + body.length
                    + " bytes" + (chunked ? ", chunked" : "") + ", headers " + headers + ", consent " + consent
                    + "] " + text + (body.length > 300 ? "..." : "");
        }
    }

    private Random random;
    private long nextTs;

    @Test
    void hostileRequestsAreRefusedCleanlyAndOnlyValidEventsAreStored() throws Exception {
        long seed = Long.getLong("it.fuzz.seed", System.nanoTime());
        System.out.println("CollectFuzzIT seed: " + seed + " (rerun with -Dit.fuzz.seed=" + seed + ")");
        random = new Random(seed);
        nextTs = System.currentTimeMillis() - Duration.ofHours(3).toMillis();

        List<CollectClient.Visitor> visitors = new ArrayList<>();
        for (int i = 0; i < VISITORS; i++) {
            visitors.add(CollectClient.land());
        }
        Map<String, Set<Long>> storedTs = new HashMap<>();
        visitors.forEach(v -> storedTs.put(v.id(), new LinkedHashSet<>()));
        List<String> validIds = new ArrayList<>();
        List<String> hostileIds = new ArrayList<>();
        Set<Long> hostileTs = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        Map<CollectClient.Visitor, String> lastValid = new HashMap<>();
        long started = System.nanoTime();

        for (int n = 0; n < REQUESTS; n++) {
            CollectClient.Visitor v = visitors.get(random.nextInt(VISITORS));
            Case c = random.nextInt(100) < 35 ? valid() : hostile();
            if (c.kind().equals("valid") && lastValid.containsKey(v) && random.nextInt(10) == 0) {
                c = replay(lastValid.get(v)); // a retried beacon: the same batch again
            }
            HttpResponse<String> r = send(v, c);
            kinds.merge(c.kind().split(" ")[0], 1, Integer::sum);
            statuses.merge(r.statusCode(), 1, Integer::sum);
            String problem = check(c, r);
            if (problem != null) {
                failures.add("#" + n + " " + problem + "\n    got " + r.statusCode() + " "
                        + r.headers().firstValue("content-type").orElse("(no content type)") + " "
                        + abbreviate(r.body()) + "\n    sent " + c.describe());
            }
            if ((c.kind().equals("valid") || c.kind().startsWith("odd-header")) && r.statusCode() == 202) {
                storedTs.get(v.id()).addAll(c.ts());
                validIds.addAll(c.ids());
                lastValid.put(v, new String(c.body(), StandardCharsets.UTF_8));
            } else if (!c.kind().equals("replay")) {
                hostileIds.addAll(c.ids());
                hostileTs.addAll(c.ts());
            }
        }
        System.out.printf("CollectFuzzIT: %d requests in %.1f s; kinds %s; statuses %s%n", REQUESTS,
                (System.nanoTime() - started) / 1e9, kinds, statuses);

        // every valid event is stored for its visitor, and nothing else is (timestamps are unique)
        for (CollectClient.Visitor v : visitors) {
            Set<Long> expected = storedTs.get(v.id());
            List<Map<String, Object>> rows = Awaitility.await("stored conversions of visitor " + v.id())
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(v::conversions, got -> got.size() >= expected.size());
            assertThat(rows).as("seed %d: stored rows of visitor %s", seed, v.id()).hasSize(expected.size());
            assertThat(CollectClient.occurredAtMillis(rows))
                    .as("seed %d: timestamps stored for visitor %s", seed, v.id())
                    .isEqualTo(expected)
                    .doesNotContainAnyElementsOf(hostileTs);
            assertThat(rows).allSatisfy(
                    row -> assertThat(CollectClient.BROWSER_NAMES).contains(String.valueOf(row.get("name"))));
        }

        // the endpoint's duplicate check remembers every id it ever accepted: the valid ones are
        // duplicates now, and no id of a refused request is (it never reached the recorder)
        CollectClient.Visitor checker = CollectClient.land();
        int validDuplicates = probe(checker, validIds);
        assertThat(validDuplicates).as("seed %d: valid ids the endpoint has seen", seed).isEqualTo(validIds.size());
        List<String> hostileUuids = hostileIds.stream().filter(CollectFuzzIT::isUuid).distinct().toList();
        int hostileDuplicates = probe(checker, hostileUuids);
        assertThat(hostileDuplicates).as("seed %d: ids of refused requests the endpoint has accepted", seed).isZero();
        assertThat(hostileUuids).as("hostile ids probed").hasSizeGreaterThan(50);

        // last, so that a run that breaks the contract still checks what was stored
        assertThat(failures).as("seed %d: requests that broke the contract (%d)", seed, failures.size()).isEmpty();
        assertThat(statuses).as("the fuzz produced refusals and acceptances").containsKeys(202, 400, 403, 413, 415);
    }

    // ---------------------------------------------------------------- sending and checking

    private static HttpResponse<String> send(CollectClient.Visitor v, Case c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(CollectClient.uri(CollectClient.PATH))
                .timeout(Duration.ofSeconds(20))
                .header("Cookie", v.cookieHeader(c.consent()))
                .POST(c.chunked() ? CollectClient.chunked(c.body()) : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (!c.headers().containsKey("User-Agent")) {
            b.header("User-Agent", CollectClient.DESKTOP_CHROME);
        }
        c.headers().forEach(b::header);
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        return CollectClient.send(b.build());
    }

    /** @return what is wrong with the answer, or null */
    private static String check(Case c, HttpResponse<String> r) {
        int status = r.statusCode();
        if (status >= 500) {
            return "server error";
        }
        if (!c.expected().contains(status)) {
            return "expected " + c.expected();
        }
        if (status != 202) {
            return CollectClient.refusalProblem(r);
        }
        JsonPath json;
        try {
            json = new JsonPath(r.body());
            int accepted = json.getInt("accepted");
            int duplicates = json.getInt("duplicates");
            int events = c.ids().size();
            return switch (c.kind().split(" ")[0]) {
                case "valid", "odd-header" ->
                    accepted == events && duplicates == 0 ? null : "expected accepted " + events;
                case "replay" -> accepted == 0 && duplicates == events ? null : "expected duplicates " + events;
                default -> accepted == 0 ? null : "a refused kind accepted events"; // bots: answered, not stored
            };
        } catch (RuntimeException e) {
            return "202 without {accepted, duplicates}: " + e;
        }
    }

    /** Sends {@code ids} as fresh valid events of {@code v}; @return how many were duplicates. */
    private int probe(CollectClient.Visitor v, List<String> ids) {
        int duplicates = 0;
        for (int from = 0; from < ids.size(); from += MAX_EVENTS) {
            List<String> events = ids.subList(from, Math.min(ids.size(), from + MAX_EVENTS)).stream()
                    .map(id -> CollectClient.event(id, "share", System.currentTimeMillis(), Map.of("network", "probe")))
                    .toList();
            HttpResponse<String> r = CollectClient.send(CollectClient.post(v, CollectClient.batch(events)).build());
            assertThat(r.statusCode()).as("probe batch: %s", r.body()).isEqualTo(202);
            duplicates += new JsonPath(r.body()).getInt("duplicates");
        }
        return duplicates;
    }

    // ---------------------------------------------------------------- valid requests

    private static final String[] NASTY = {
            "'; DROP TABLE mc_event; --", "1 OR 1=1", "\" OR \"\"=\"", "Robert'); DELETE FROM mc_outbox;--",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "${jndi:ldap://x/a}",
            "{{7*7}}", "%00%0d%0a", "../../etc/passwd", "Zürich – São Paulo – Łódź", "東京 · 北京 · 서울",
            "مرحبا بالعالم", "emoji 🛒🎉 ok", "\u200b\u200d\ufeff zero width", "ｆｕｌｌｗｉｄｔｈ", "a\\b\\c",
            "NaN", "null", "", " "};

    private Case valid() {
        int count = 1 + random.nextInt(5);
        List<String> ids = new ArrayList<>();
        List<Long> ts = new ArrayList<>();
        List<String> events = new ArrayList<>();
        boolean gpc = random.nextInt(8) == 0;
        for (int i = 0; i < count; i++) {
            String id = uuid();
            long t = ts();
            ids.add(id);
            ts.add(t);
            Map<String, String> attrs = null;
            if (random.nextInt(4) != 0) {
                attrs = new LinkedHashMap<>();
                int a = random.nextInt(gpc ? 10 : 11); // at most 10 attributes, 9 with GPC
                for (int k = 0; k < a; k++) {
                    attrs.put("k" + k + "_" + (char) ('a' + random.nextInt(26)),
                            random.nextBoolean() ? NASTY[random.nextInt(NASTY.length)] : word(1 + random.nextInt(100)));
                }
            }
            events.add(CollectClient.event(id, pick(CollectClient.BROWSER_NAMES), t, attrs));
        }
        String json = CollectClient.batch(events);
        if (random.nextBoolean()) {
            json = unescape(json); // raw UTF-8 on the wire instead of \\u escapes
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(3) == 0) {
            headers.put("Origin", OWN_ORIGIN);
        }
        if (gpc) {
            headers.put("Sec-GPC", "1");
        }
        String type = random.nextInt(4) == 0 ? "text/plain;charset=UTF-8" : "application/json";
        return new Case("valid", true, Set.of(202), type, bytes(json), random.nextInt(10) == 0,
                headers, true, ids, ts);
    }

    private Case replay(String body) {
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return new Case("replay", true, Set.of(202), "application/json", bytes(body), false, Map.of(), true, ids,
                List.of());
    }

    // ---------------------------------------------------------------- hostile requests

    private Case hostile() {
        List<Function<Void, Case>> generators = List.of(
                x -> randomBytes(), x -> truncated(), x -> nested(), x -> hugeNumber(), x -> wrongRootType(),
                x -> wrongEventType(), x -> badField(), x -> badStrings(), x -> poisoned(), x -> wrongContentType(),
                x -> foreignOrigin(), x -> noConsent(), x -> bot(), x -> tooManyEvents(), x -> eventTooLarge(),
                x -> outsideWindow(), x -> oddHeader());
        if (random.nextInt(60) == 0) {
            return oversize(); // heavy (> 512 KB): about 5 per run
        }
        return generators.get(random.nextInt(generators.size())).apply(null);
    }

    private Case randomBytes() {
        byte[] b = new byte[1 + random.nextInt(2048)];
        random.nextBytes(b);
        if (b[0] == '{') {
            b[0] = '#';
        }
        return hostile("random-bytes", 400, pickJsonType(), b, List.of(), List.of());
    }

    private Case truncated() {
        Batch batch = batch(1 + random.nextInt(4));
        String json = batch.json();
        String cut = json.substring(0, 1 + random.nextInt(json.length() - 1));
        return hostile("truncated-json", 400, pickJsonType(), bytes(cut), batch.ids(), batch.ts());
    }

    private Case nested() {
        boolean arrays = random.nextBoolean();
        // deepest: ~400 KB of arrays, ~480 KB of objects, both under the 512 KB limit
        int depth = new int[]{200, 2_000, 20_000, arrays ? 200_000 : 80_000}[random.nextInt(4)];
        String open = arrays ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String json = "{\"events\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
        // depth 200 is valid JSON, but events[0] is not an event: 400 all the same
        return hostile("deeply-nested-" + (open.equals("[") ? "arrays" : "objects"), 400, "application/json",
                bytes(json), List.of(), List.of());
    }

    private Case hugeNumber() {
        String id = uuid();
        String number = pick(List.of("1e400", "-1e400", "1e1000000000", "9223372036854775808", "-9223372036854775809",
                "123456789012345678901234567890123456789012345678901234567890", "1.5", "1e3", "0.0000001",
                "-0", "1E+2", String.valueOf(Long.MAX_VALUE), String.valueOf(Long.MIN_VALUE), "NaN", "Infinity",
                "0x1F", "01", "1" + "0".repeat(5_000)));
        String json = "{\"events\":[{\"id\":\"" + id + "\",\"name\":\"share\",\"ts\":" + number + "}]}";
        return hostile("huge-number " + number.substring(0, Math.min(20, number.length())), 400, "application/json",
                bytes(json), List.of(id), List.of());
    }

    private Case wrongRootType() {
        String json = pick(List.of("[]", "[{\"events\":[]}]", "\"events\"", "42", "null", "true", "{}",
                "{\"events\":{}}", "{\"events\":\"all\"}", "{\"events\":null}", "{\"events\":[]}", "{\"events\":42}",
                "{\"Events\":[]}", "", " ", "{\"events\":[]}{\"events\":[]}"));
        return hostile("wrong-root " + json, 400, pickJsonType(), bytes(json), List.of(), List.of());
    }

    private Case wrongEventType() {
        String event = pick(List.of("42", "\"share\"", "null", "[]", "true", "[{\"name\":\"share\"}]"));
        return hostile("wrong-event-type " + event, 400, "application/json", bytes("{\"events\":[" + event + "]}"),
                List.of(), List.of());
    }

    /** One field of one event has the wrong type or value. */
    private Case badField() {
        String id = uuid();
        long t = ts();
        String good = "\"id\":\"" + id + "\",\"name\":\"share\",\"ts\":" + t;
        String event = pick(List.of(
                "{\"id\":42,\"name\":\"share\",\"ts\":" + t + "}",
                "{\"id\":null,\"name\":\"share\",\"ts\":" + t + "}",
                "{\"id\":\"not-a-uuid\",\"name\":\"share\",\"ts\":" + t + "}",
                "{\"id\":\"" + id + "x\",\"name\":\"share\",\"ts\":" + t + "}",
                "{\"name\":\"share\",\"ts\":" + t + "}",
                "{\"id\":\"" + id + "\",\"name\":[\"share\"],\"ts\":" + t + "}",
                "{\"id\":\"" + id + "\",\"name\":null,\"ts\":" + t + "}",
                "{\"id\":\"" + id + "\",\"ts\":" + t + "}",
                "{\"id\":\"" + id + "\",\"name\":\"share\",\"ts\":\"" + t + "\"}",
                "{\"id\":\"" + id + "\",\"name\":\"share\"}",
                "{\"id\":\"" + id + "\",\"name\":\"share\",\"ts\":null}",
                "{" + good + ",\"attributes\":[]}",
                "{" + good + ",\"attributes\":\"network=email\"}",
                "{" + good + ",\"attributes\":{\"network\":42}}",
                "{" + good + ",\"attributes\":{\"network\":null}}",
                "{" + good + ",\"attributes\":{\"network\":{\"a\":\"b\"}}}",
                "{" + good + ",\"attributes\":{\"network\":[\"email\"]}}",
                "{" + good + ",\"attributes\":{\"network\":true}}",
                "{" + good + ",\"visitorId\":\"someone-else\"}",
                "{" + good + ",\"kind\":\"macro\"}",
                "{" + good + ",\"value\":100,\"currency\":\"EUR\"}",
                "{" + good + ",\"__proto__\":{}}"));
        return hostile("bad-field", 400, pickJsonType(), bytes("{\"events\":[" + event + "]}"), List.of(id),
                List.of(t));
    }

    /** SQL, script, unicode and control characters where only safe strings may go. */
    private Case badStrings() {
        String id = uuid();
        long t = ts();
        String nasty = pick(List.of(NASTY)) + (random.nextBoolean() ? "" : "X");
        String event = switch (random.nextInt(7)) {
            case 0 -> CollectClient.event(id, nasty, t, null); // not a name
            case 1 -> CollectClient.event(id, "Share", t, null); // upper case
            case 2 -> CollectClient.event(id, "add-to-cart", t, null); // server-side only
            case 3 -> CollectClient.event(id, "share", t, Map.of("Network'--", "email")); // bad key
            case 4 -> CollectClient.event(id, "share", t, Map.of("network", "x".repeat(101))); // value too long
            case 5 -> CollectClient.event(id, "share", t, Map.of("network",
                    pick(List.of("a\u0000b", "line\nbreak", "tab\there", "\u001b[31mred", "bell\u0007", "del\u007f"))));
            default -> CollectClient.event(id, "share", t, Map.of("network",
                    pick(List.of("\ud800", "a\udc00b", "\udbff\ud800", "end\ud83d")))); // lone surrogates
        };
        return hostile("bad-string", 400, pickJsonType(), bytes(CollectClient.batch(List.of(event))), List.of(id),
                List.of(t));
    }

    /** Valid events and one bad one: the whole batch is refused, none of it stored. */
    private Case poisoned() {
        Batch batch = batch(1 + random.nextInt(4));
        String id = uuid();
        long t = ts();
        String bad = CollectClient.event(id, "share", t, Map.of("network", "a\u0000b"));
        List<String> events = new ArrayList<>(batch.events());
        events.add(random.nextInt(events.size() + 1), bad);
        List<String> ids = new ArrayList<>(batch.ids());
        ids.add(id);
        List<Long> ts = new ArrayList<>(batch.ts());
        ts.add(t);
        return hostile("poisoned-batch", 400, "application/json", bytes(CollectClient.batch(events)), ids, ts);
    }

    private Case wrongContentType() {
        Batch batch = batch(1 + random.nextInt(3));
        String type = pick(Arrays.asList(null, "application/x-www-form-urlencoded", "application/xml", "text/xml",
                "multipart/form-data; boundary=xyz", "text/html", "application/javascript", "application/jsonp",
                "application/octet-stream", "image/png", "json", "*/*", "application/json-patch+json",
                "text/plain-json", ";", "garbage"));
        byte[] body = type != null && type.contains("form-urlencoded")
                ? bytes("events=" + batch.json())
                : type != null && type.contains("xml")
                        ? bytes("<?xml version=\"1.0\"?><events><event id=\""
                                + batch.ids().get(0) + "\" name=\"share\"/></events>")
                        : type != null && type.startsWith("multipart")
                                ? bytes("--xyz\r\nContent-Disposition: form-data; "
                                        + "name=\"events\"\r\n\r\n" + batch.json() + "\r\n--xyz--\r\n")
                                : bytes(batch.json());
        // a Content-Type that is no media type at all (no "/") may be refused as a bad request
        // before the endpoint's media type check: 400 is fine then, but still JSON with an error
        Set<Integer> expected = type == null || type.contains("/") ? Set.of(415) : Set.of(400, 415);
        return hostile("wrong-content-type " + type, expected, type, body, batch.ids(), batch.ts());
    }

    private Case foreignOrigin() {
        Batch batch = batch(1 + random.nextInt(3));
        String origin = pick(List.of("https://evil.example", "null", "http://localhost.evil.example",
                "http://127.0.0.1:1", "https://localhost:" + System.getProperty("http.port", "9080"),
                "http://localhost:" + System.getProperty("http.port", "9080") + ".evil.example", "file://"));
        return new Case("foreign-origin " + origin, false, Set.of(403), "application/json", bytes(batch.json()), false,
                Map.of("Origin", origin), true, batch.ids(), batch.ts());
    }

    private Case noConsent() {
        Batch batch = batch(1 + random.nextInt(3));
        return new Case("no-consent", false, Set.of(403), "application/json", bytes(batch.json()), false, Map.of(),
                false,
                batch.ids(), batch.ts());
    }

    private Case bot() {
        Batch batch = batch(1 + random.nextInt(3));
        String agent = pick(List.of("curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)",
                "python-requests/2.31", "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0.0.0 Safari/537.36",
                "Java-http-client/17", "Wget/1.21", "Slurp", "Mozilla/5.0 (compatible; Lighthouse)"));
        // answered 202 {"accepted":0} so a crawler has nothing to retry; counted, never stored
        return new Case("bot", false, Set.of(202), "application/json", bytes(batch.json()), false,
                Map.of("User-Agent", agent),
                true, batch.ids(), batch.ts());
    }

    private Case tooManyEvents() {
        Batch batch = batch(MAX_EVENTS + 1 + random.nextInt(20));
        return hostile("too-many-events", 413, "application/json", bytes(batch.json()), batch.ids(), batch.ts());
    }

    private Case eventTooLarge() {
        String id = uuid();
        long t = ts();
        String event = "{\"id\":\"" + id + "\",\"name\":\"share\",\"ts\":" + t + ",\"pad\":\"" + word(40_000) + "\"}";
        return hostile("event-too-large", 413, "application/json", bytes(CollectClient.batch(List.of(event))),
                List.of(id), List.of(t));
    }

    private Case outsideWindow() {
        String id = uuid();
        long now = System.currentTimeMillis();
        long t = random.nextBoolean()
                ? now - Duration.ofDays(2).toMillis() - random.nextInt(1_000_000)
                : now + Duration.ofHours(1).toMillis() + random.nextInt(1_000_000);
        if (random.nextInt(4) == 0) {
            t = random.nextBoolean() ? 0 : -t;
        }
        return hostile("outside-window", 400, "application/json",
                bytes(CollectClient.batch(List.of(CollectClient.event(id, "share", t, null)))), List.of(id),
                List.of(t));
    }

    /**
     * A valid batch with a garbled header the beacon never sends: the endpoint may take the batch
     * (202, then it must be stored) or refuse it with a JSON 400 (then nothing may be stored).
     */
    private Case oddHeader() {
        Batch batch = batch(1 + random.nextInt(3));
        Map.Entry<String, String> header = pick(List.of(Map.entry("Accept", "garbage"), Map.entry("Accept", ";;;"),
                Map.entry("Accept", "text/html;q=abc"), Map.entry("Accept-Language", "??;q=x"),
                Map.entry("Accept-Language", "1234567890123"), Map.entry("Accept-Encoding", "gzip;q=%00"),
                Map.entry("Cookie2", "$Version=1"), Map.entry("X-Forwarded-For", "' OR 1=1 --"),
                Map.entry("Sec-GPC", "yes"), Map.entry("Referer", "javascript:alert(1)")));
        return new Case("odd-header " + header.getKey() + ": " + header.getValue(), false, Set.of(202, 400),
                "application/json", bytes(batch.json()), false, Map.of(header.getKey(), header.getValue()), true,
                batch.ids(), batch.ts());
    }

    /** A body over the 512 KB limit, with a Content-Length or chunked. */
    private Case oversize() {
        Batch batch = batch(2);
        String pad = word(MAX_BODY + 1 + random.nextInt(200_000));
        String json = batch.json().substring(0, batch.json().length() - 1) + ",\"pad\":\"" + pad + "\"}";
        boolean chunked = random.nextBoolean();
        return new Case("oversize" + (chunked ? "-chunked" : "-content-length"), false, Set.of(413), "application/json",
                bytes(json), chunked, Map.of(), true, batch.ids(), batch.ts());
    }

    // ---------------------------------------------------------------- building blocks

    record Batch(List<String> events, List<String> ids, List<Long> ts) {
        String json() {
            return CollectClient.batch(events);
        }
    }

    /** Well-formed events (each would be accepted on its own), with fresh ids and timestamps. */
    private Batch batch(int count) {
        List<String> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> ts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = uuid();
            long t = ts();
            events.add(CollectClient.event(id, pick(CollectClient.BROWSER_NAMES), t, Map.of("network", "email")));
            ids.add(id);
            ts.add(t);
        }
        return new Batch(events, ids, ts);
    }

    private Case hostile(String kind, int expected, String contentType, byte[] body, List<String> ids, List<Long> ts) {
        return hostile(kind, Set.of(expected), contentType, body, ids, ts);
    }

    private Case hostile(String kind, Set<Integer> expected, String contentType, byte[] body, List<String> ids,
            List<Long> ts) {
        Map<String, String> headers = random.nextInt(4) == 0 ? Map.of("Origin", OWN_ORIGIN) : Map.of();
        return new Case(kind, false, expected, contentType, body, random.nextInt(10) == 0, headers, true, ids, ts);
    }

    /** A unique timestamp per generated event, 1 s apart, inside the accepted window (past 24 h). */
    private long ts() {
        nextTs += 1_000;
        return nextTs + 7;
    }

    private String pickJsonType() {
        return pick(List.of("application/json", "application/json; charset=utf-8", "text/plain",
                "text/plain;charset=UTF-8", "APPLICATION/JSON"));
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private String word(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    /** Turns the \\u escapes of non-ASCII characters (never quotes or controls) back into characters. */
    private static String unescape(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\\\u([0-9a-f]{4})").matcher(json);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            char c = (char) Integer.parseInt(m.group(1), 16);
            m.appendReplacement(out,
                    c < 0x80 ? "\\\\u" + m.group(1) : java.util.regex.Matcher.quoteReplacement(String.valueOf(c)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A random (version 4) UUID from the seeded generator, so a seed replays the same requests. */
    private String uuid() {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
