package org.microconversions.interceptors.collect;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.outbox.RecordingSink;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.microconversions.interceptors.collect.Requests.batch;
import static org.microconversions.interceptors.collect.Requests.event;
import static org.microconversions.interceptors.collect.Requests.json;

class CollectorTest {

    private final DataSource db = Databases.derby();
    private TestContainer container;

    private Collector start(String... config) {
        TestContainer.Builder b = TestContainer.builder(db).config(ConfigKeys.COLLECT_ENABLED, "true")
                .config(ConfigKeys.FLUSH_INTERVAL, "50ms").beans(RecordingSink.class);
        for (int i = 0; i < config.length; i += 2) {
            b.config(config[i], config[i + 1]);
        }
        container = b.start();
        return container.bean(Collector.class);
    }

    @AfterEach
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private long rows() {
        return Databases.count(db, "");
    }

    private static long requests(String result) {
        return TestContainer.counter("microconversions.collect.requests", new Tag("result", result));
    }

    @Test
    void validBatchIsAcceptedAndStoredWithTheVisitorAndChannelOfTheRequest() {
        Collector c = start();
        CollectOutcome o = c.collect(json(batch(event(UUID.randomUUID(), "video-play", now(), null),
                event(UUID.randomUUID(), "share", now(), "{\"network\":\"email\"}"))));

        assertThat(o.status()).isEqualTo(202);
        assertThat(o.json()).isEqualTo("{\"accepted\":2,\"duplicates\":0}");
        assertThat(TestContainer.conversions("share", "micro")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 2);
        assertThat(Databases.rows(db,
                "SELECT name, visitor_id, source, medium, campaign, attributes, origin FROM mc_event"
                        + " WHERE name = 'share'"))
                .containsExactly(List.of("share", "visitor-0123456789abcdef", "newsletter",
                        "email", "spring", "{\"network\":\"email\"}", "beacon"));
        assertThat(requests("accepted")).isEqualTo(1);
    }

    @Test
    void aRepeatedEventIdIsIgnored() {
        Collector c = start();
        String body = batch(event(UUID.randomUUID(), "video-play", now(), null));
        c.collect(json(body));
        CollectOutcome again = c.collect(json(body));

        assertThat(again.json()).isEqualTo("{\"accepted\":0,\"duplicates\":1}");
        await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 1);
        assertThat(TestContainer.conversions("video-play", "micro")).isEqualTo(1);
    }

    @Test
    void contractViolationsAreRefusedWithAReasonAndNothingIsStored() {
        Collector c = start();
        String ok = event(UUID.randomUUID(), "video-play", now(), null);
        Object[][] cases = {
                {"not json", 400, "not valid JSON"},
                {"[1,2]", 400, "JSON object"},
                {"{\"events\":{}}", 400, "events must be an array"},
                {"{\"events\":[]}", 400, "must not be empty"},
                {batch(event(UUID.randomUUID(), "add-to-cart", now(), null)), 400, "events[0].name"},
                {batch(ok, event(UUID.randomUUID(), "Video Play", now(), null)), 400, "events[1].name"},
                {batch("{\"id\":\"x\",\"name\":\"share\",\"ts\":1}"), 400, "events[0].id must be a UUID"},
                {batch(event(UUID.randomUUID(), "share", now() - Duration.ofDays(2).toMillis(), null)), 400,
                        "time window"},
                {batch(event(UUID.randomUUID(), "share", now() + Duration.ofHours(1).toMillis(), null)), 400,
                        "time window"},
                {batch("{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"share\",\"ts\":1e400}"), 400,
                        "epoch milliseconds"},
                {batch("{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"share\",\"ts\":\"now\"}"), 400,
                        "epoch milliseconds"},
                {batch(event(UUID.randomUUID(), "share", now(), "{\"network\":5}")), 400, "must be strings"},
                {batch(event(UUID.randomUUID(), "share", now(), "{\"Bad Key\":\"x\"}")), 400, "attributes key"},
                {batch(event(UUID.randomUUID(), "share", now(), "{\"n\":\"" + "x".repeat(101) + "\"}")), 400,
                        "longer than 100"},
                {batch(event(UUID.randomUUID(), "share", now(), "{\"n\":\"a\\u0000b\"}")), 400, "control characters"},
                {batch(event(UUID.randomUUID(), "share", now(), "{\"n\":\"\\ud800\"}")), 400, "control characters"},
                {batch("{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"share\",\"ts\":" + now() + ",\"user\":\"x\"}"),
                        400, "unknown field"},
                {batch(java.util.Collections.nCopies(51, ok).toArray(String[]::new)), 413, "at most 50 events"},
                {batch(event(UUID.randomUUID(), "share", now(), "{\"a\":\"" + "x".repeat(40_000) + "\"}")), 413,
                        "larger than 32768 bytes"},
        };
        for (Object[] k : cases) {
            CollectOutcome o = c.collect(json((String) k[0]));
            assertThat(o.status()).as("%s", k[0]).isEqualTo(k[1]);
            assertThat(o.json()).as("%s", k[0]).startsWith("{\"error\":\"").contains((String) k[2]);
        }
        assertThat(rows()).isZero();
    }

    @Test
    void wrongMediaTypeOversizeBodyAndForeignOriginAreRefused() {
        Collector c = start();
        String body = batch(event(UUID.randomUUID(), "share", now(), null));
        assertThat(c.collect(Requests.with(json(body), "application/x-www-form-urlencoded", Requests.BROWSER,
                "granted", false, Requests.OWN)).status()).isEqualTo(415);
        assertThat(c.collect(Requests.with(json(body), "text/plain;charset=UTF-8", Requests.BROWSER, "granted", false,
                Requests.OWN)).status()).as("sendBeacon's string body").isEqualTo(202);
        assertThat(c.collect(json("x".repeat(512_001))).status()).isEqualTo(413);
        assertThat(c.collect(Requests.with(json(body), "application/json", Requests.BROWSER, "granted", false,
                "https://evil.example")).json()).isEqualTo("{\"error\":\"origin not allowed\"}");
    }

    @Test
    void configuredOriginsMayPost() {
        Collector c = start(ConfigKeys.COLLECT_ALLOWED_ORIGINS, "https://www.shop.example");
        assertThat(c.collect(Requests.with(json(batch(event(UUID.randomUUID(), "share", now(), null))),
                "application/json", Requests.BROWSER, "granted", false, "https://www.shop.example")).status())
                .isEqualTo(202);
    }

    @Test
    void withConsentRequiredOnlyAGrantedCookieIsAccepted() {
        Collector c = start(ConfigKeys.COLLECT_CONSENT, "required");
        String body = batch(event(UUID.randomUUID(), "share", now(), null));
        assertThat(c.collect(Requests.with(json(body), "application/json", Requests.BROWSER, null, false,
                Requests.OWN)).json()).isEqualTo("{\"error\":\"consent required\"}");
        assertThat(c.collect(Requests.with(json(body), "application/json", Requests.BROWSER, "denied", false,
                Requests.OWN)).status()).isEqualTo(403);
        assertThat(c.collect(json(body)).status()).isEqualTo(202);
    }

    @Test
    void withConsentImpliedOnlyADeniedCookieIsRefused() {
        Collector c = start(ConfigKeys.COLLECT_CONSENT, "implied");
        assertThat(c.collect(Requests.with(json(batch(event(UUID.randomUUID(), "share", now(), null))),
                "application/json", Requests.BROWSER, null, false, Requests.OWN)).status()).isEqualTo(202);
        assertThat(c.collect(Requests.with(json(batch(event(UUID.randomUUID(), "share", now(), null))),
                "application/json", Requests.BROWSER, "denied", false, Requests.OWN)).status()).isEqualTo(403);
    }

    @Test
    void botsAndHeadlessAgentsAreCountedButNotStored() {
        Collector c = start();
        for (String ua : new String[]{"Googlebot/2.1 (+http://www.google.com/bot.html)",
                "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0 Safari/537.36", "curl/8.5.0", null}) {
            CollectOutcome o = c.collect(Requests.with(json(batch(event(UUID.randomUUID(), "share", now(), null))),
                    "application/json", ua, "granted", false, Requests.OWN));
            assertThat(o.status()).as(ua).isEqualTo(202);
        }
        assertThat(requests("bot")).isEqualTo(4);
        assertThat(TestContainer.hasCounter("microconversions.conversions", new Tag("name", "share"),
                new Tag("kind", "micro"))).isFalse();
    }

    @Test
    void aVisitorOverTheRateLimitGets429() {
        Collector c = start(ConfigKeys.COLLECT_RATE_VISITOR, "5");
        for (int i = 0; i < 5; i++) {
            assertThat(c.collect(json(batch(event(UUID.randomUUID(), "share", now(), null)))).status()).isEqualTo(202);
        }
        assertThat(c.collect(json(batch(event(UUID.randomUUID(), "share", now(), null)))).status()).isEqualTo(429);
        assertThat(requests("rate_limited")).isEqualTo(1);
    }

    @Test
    void manyVisitorsFromOneAddressOverItsRateLimitGet429() {
        Collector c = start(ConfigKeys.COLLECT_RATE_ADDRESS, "3");
        for (int i = 0; i < 3; i++) {
            assertThat(c.collect(visitor("visitor-" + i + "-0123456789", batch(event(UUID.randomUUID(), "share",
                    now(), null)))).status()).isEqualTo(202);
        }
        assertThat(c.collect(visitor("visitor-9-0123456789", batch(event(UUID.randomUUID(), "share", now(), null))))
                .json()).isEqualTo("{\"error\":\"too many requests; slow down\"}");
    }

    private static CollectRequest visitor(String visitorId, String body) {
        CollectRequest r = json(body);
        return new CollectRequest(r.body(), r.contentType(), new org.microconversions.api.VisitorContext(visitorId,
                null, null, null, java.util.Map.of()), r.userAgent(), r.clientAddress(), r.consentCookie(), r.gpc(),
                r.origin(), r.ownOrigin());
    }

    @Test
    void globalPrivacyControlKeepsConversionsFromThirdPartySinks() throws Exception {
        Collector c = start();
        c.collect(Requests.with(json(batch(event(UUID.randomUUID(), "share", now(), null))), "application/json",
                Requests.BROWSER, "granted", true, Requests.OWN));
        c.collect(json(batch(event(UUID.randomUUID(), "video-play", now(), null))));

        await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 2);
        assertThat(Databases.rows(db, "SELECT e.name FROM mc_outbox o JOIN mc_event e ON e.id = o.event_id"))
                .as("only the conversion without GPC is owed to the (third-party) sink")
                .containsExactly(List.of("video-play"));
        assertThat(Databases.rows(db, "SELECT attributes FROM mc_event WHERE name = 'share'"))
                .containsExactly(List.of("{\"gpc\":\"1\"}"));
    }

    @Test
    void disabledEndpointAnswers404() {
        container = TestContainer.builder(db).start();
        assertThat(container.bean(Collector.class).collect(json("{}")).status()).isEqualTo(404);
    }
}
