package org.microconversions.interceptors.sink.ga4;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;
import org.microconversions.api.Consent;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.MicroConversions;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.metrics.MetricNames;
import org.microconversions.interceptors.record.ShopBean;
import org.microconversions.interceptors.sink.Failures;
import org.microconversions.interceptors.sink.ga4.Ga4Receiver.Answer;
import org.microconversions.interceptors.sink.ga4.Ga4Receiver.Received;
import org.microconversions.interceptors.store.EventStore;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.interceptors.visitor.CurrentVisitor;
import org.microconversions.spi.DeliveryResult;
import org.microconversions.spi.DeliveryResult.Failure;

import javax.sql.DataSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class Ga4SinkTest {

    private Ga4Receiver receiver;
    private DataSource db;

    @BeforeEach
    void start() throws IOException {
        receiver = new Ga4Receiver();
        db = Databases.derby();
    }

    @AfterEach
    void stop() {
        CurrentVisitor.clear();
        receiver.close();
    }

    private TestContainer.Builder container() {
        return TestContainer.builder(db)
                .config("microconversions.privacy.user-id", "raw") // the sink forwards what the store keeps
                .fastForwarding()
                .config(Ga4Config.ENABLED, "true")
                .config(Ga4Config.MEASUREMENT_ID, Ga4Receiver.MEASUREMENT_ID)
                .config(Ga4Config.API_SECRET, Ga4Receiver.API_SECRET)
                .config(Ga4Config.ENDPOINT, receiver.endpoint().toString())
                .config(Ga4Config.TIMEOUT, "2s")
                .beans(Ga4Sink.class, ShopBean.class);
    }

    private static VisitorContext visitor(String id) {
        return new VisitorContext(id, "s-" + id, "user-" + id, new Channel("google", "cpc", "spring-sale"),
                Map.of("checkout", "b"));
    }

    private List<List<String>> outbox(String status) {
        if (Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox") < 0) {
            return List.of(); // schema not created yet
        }
        return Databases.rows(db, "SELECT event_id, last_error FROM mc_outbox WHERE sink = 'ga4' AND status = '"
                + status + "'");
    }

    @Test
    void annotatedCallsArriveOnceWithGa4RecommendedNames() {
        try (TestContainer c = container().start()) {
            ShopBean shop = c.bean(ShopBean.class);
            MicroConversions conversions = c.bean(MicroConversions.class);
            CurrentVisitor.set(visitor("v1"));
            shop.addToCart("sku-1");
            shop.purchase(new BigDecimal("49.90"));
            shop.signUp(true);
            conversions.record("video-start");
            conversions.conversion("share").attribute("network", "email").record();
            conversions.conversion("page-view").attribute("ga_campaign", "x").record();
            conversions.record("proceed-to-checkout");

            await().atMost(Duration.ofSeconds(15)).until(() -> outbox("sent").size() == 7);
            List<Received> got = receiver.events();
            assertThat(receiver.violations).isEmpty();
            assertThat(got).extracting(Received::name).containsExactly("add_to_cart", "purchase", "generate_lead",
                    "mc_video_start", "share", "mc_page_view", "begin_checkout");
            assertThat(got).extracting(r -> r.param("mc_event_id")).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(Databases.rows(db, "SELECT id FROM mc_event").stream()
                            .map(row -> row.get(0).trim()).toList());
            assertThat(got).allSatisfy(r -> {
                assertThat(r.clientId()).isEqualTo("v1");
                assertThat(r.userId()).isEqualTo("user-v1");
                assertThat(r.param("session_id")).isEqualTo("s-v1");
                assertThat(r.param("source")).isEqualTo("google");
                assertThat(r.param("medium")).isEqualTo("cpc");
                assertThat(r.param("campaign")).isEqualTo("spring-sale");
                assertThat(r.param("exp_checkout")).isEqualTo("b");
            });
            Received purchase = got.get(1);
            String purchaseId = Databases.rows(db, "SELECT id FROM mc_event WHERE name = 'purchase'").get(0).get(0)
                    .trim();
            assertThat(purchase.param("transaction_id")).isEqualTo(purchaseId);
            assertThat(purchase.params().getJsonNumber("value").bigDecimalValue()).isEqualByComparingTo("49.90");
            assertThat(purchase.param("currency")).isEqualTo("EUR");
            assertThat(purchase.param("mc_items")).isEqualTo("2"); // the attribute 'items' renamed, not an array
            assertThat(got.get(4).param("network")).isEqualTo("email");
            assertThat(got.get(5).param("mc_ga_campaign")).isEqualTo("x");
            // the requests' events are in recording order: timestamps never go back
            assertThat(got).extracting(Received::timestampMicros).isSorted();
            assertThat(TestContainer.counter(MetricNames.SINK_FORWARDED, new Tag("sink", "ga4"))).isEqualTo(7);
        }
    }

    @Test
    void sixtyEventsGoInRequestsOfAtMost25() {
        try (TestContainer c = container().start()) {
            ShopBean shop = c.bean(ShopBean.class);
            CurrentVisitor.set(visitor("v1"));
            for (int i = 0; i < 60; i++) {
                shop.addToCart("sku-" + i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox("sent").size() == 60);
            assertThat(receiver.violations).isEmpty();
            assertThat(receiver.events()).hasSize(60);
            assertThat(receiver.requestSizes).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(n -> assertThat(n).isBetween(1, 25));
        }
    }

    @Test
    void eventsBreakingGa4RulesAreDeadLetteredWhileTheOthersArrive() throws Exception {
        try (TestContainer c = container().start()) {
            Instant now = Instant.now();
            // 10 attributes + 10 variants + session_id, engagement_time_msec, mc_event_id, source, medium,
            // campaign, value, currency = 28 parameters (the event API allows at most 10 of each)
            MicroConversionEvent.Builder tooMany = event("add-to-cart", now)
                    .channel(new Channel("google", "cpc", "spring")).value(BigDecimal.TEN, "EUR");
            for (int i = 0; i < 10; i++) {
                tooMany.attribute("a" + i, "x").variant("e" + i, "v");
            }
            MicroConversionEvent manyParams = tooMany.build();
            MicroConversionEvent longValue = event("share", now).sessionId("s".repeat(120)).build();
            MicroConversionEvent old = event("add-to-cart", now.minus(Duration.ofHours(73))).build();
            MicroConversionEvent anonymous = event("share", now).visitorId(null).build();
            MicroConversionEvent longExperiment = event("share", now).variant("x".repeat(40), "a").build();
            MicroConversionEvent good1 = event("add-to-cart", now).attribute("sku", "p-1").build();
            MicroConversionEvent good2 = event("search", now).attribute("search_term", "shoes").build();

            c.bean(EventStore.class)
                    .store(List.of(manyParams, good1, longValue, old, anonymous, longExperiment, good2));

            await().atMost(Duration.ofSeconds(15)).until(() -> outbox("owed").isEmpty() && outbox("dead").size()
                    + outbox("sent").size() == 7);
            assertThat(outbox("dead")).hasSize(5);
            assertThat(receiver.violations).isEmpty();
            assertThat(receiver.events()).extracting(r -> r.param("mc_event_id"))
                    .containsExactlyInAnyOrder(good1.id().toString(), good2.id().toString()); // random ids: no order
            Received cart = receiver.events().stream().filter(r -> r.name().equals("add_to_cart")).findFirst()
                    .orElseThrow();
            assertThat(cart.params().getJsonArray("items").getJsonObject(0).getString("item_id")).isEqualTo("p-1");
            Received search = receiver.events().stream().filter(r -> r.name().equals("search")).findFirst()
                    .orElseThrow();
            assertThat(search.param("search_term")).isEqualTo("shoes");

            Map<String, String> reasons = outbox("dead").stream()
                    .collect(Collectors.toMap(r -> r.get(0).trim(), r -> r.get(1)));
            assertThat(reasons).hasSize(5);
            assertThat(reasons.get(manyParams.id().toString())).contains("28 parameters").contains("at most 25");
            assertThat(reasons.get(longValue.id().toString())).contains("session_id is 120 characters");
            assertThat(reasons.get(old.id().toString())).contains("older than 72 h");
            assertThat(reasons.get(anonymous.id().toString())).contains("client_id");
            assertThat(reasons.get(longExperiment.id().toString())).contains("exp_" + "x".repeat(40));
            assertThat(TestContainer.counter(MetricNames.SINK_DEAD_LETTERED, new Tag("sink", "ga4"))).isEqualTo(5);
            assertThat(TestContainer.hasCounter(MetricNames.SINK_RETRIED, new Tag("sink", "ga4"))).isFalse();
        }
    }

    private static MicroConversionEvent.Builder event(String name, Instant at) {
        return MicroConversionEvent.builder().id(UUID.randomUUID()).name(name).timestamp(at)
                .visitorId("v-" + name).sessionId("s-1");
    }

    // ---- the sink on its own, against the receiver ----

    @Test
    void aVisitorsEventsAreSplitIntoRequestsUnderTheBodyLimitAndAnEventTooLargeAloneIsRejected() {
        Ga4Sink sink = sink();
        long now = System.currentTimeMillis() * 1000;
        List<Ga4Mapper.Ga4Event> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) { // 7 × 30 kB of one visitor: more than one 130 kB request
            events.add(new Ga4Mapper.Ga4Event(UUID.randomUUID(), "client-1", null, now + i, "add_to_cart",
                    Map.of("note", "x".repeat(30_000)), Consent.UNKNOWN));
        }
        Ga4Mapper.Ga4Event huge = new Ga4Mapper.Ga4Event(UUID.randomUUID(), "client-1", null, now + 9, "add_to_cart",
                Map.of("note", "x".repeat(Ga4Sink.MAX_BODY_BYTES)), Consent.UNKNOWN);
        events.add(huge);
        Map<UUID, String> rejected = new LinkedHashMap<>();

        List<Ga4Sink.Request> requests = sink.requests(events, rejected);

        assertThat(requests).hasSizeGreaterThan(1);
        assertThat(requests).allSatisfy(r -> assertThat(r.body().getBytes(StandardCharsets.UTF_8).length)
                .isLessThan(Ga4Sink.MAX_BODY_BYTES));
        assertThat(requests.stream().flatMap(r -> r.events().stream()).map(Ga4Mapper.Ga4Event::id))
                .containsExactlyElementsOf(events.subList(0, 7).stream().map(Ga4Mapper.Ga4Event::id).toList());
        assertThat(rejected).containsOnlyKeys(huge.id());
    }

    private Ga4Sink sink(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put(Ga4Config.ENABLED, "true");
        m.put(Ga4Config.MEASUREMENT_ID, Ga4Receiver.MEASUREMENT_ID);
        m.put(Ga4Config.API_SECRET, Ga4Receiver.API_SECRET);
        m.put(Ga4Config.ENDPOINT, receiver.endpoint().toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new Ga4Sink(Ga4Config.from(config(m)), Clock.systemUTC());
    }

    static Config config(Map<String, String> m) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(m, "test", 500)).build();
    }

    private static List<MicroConversionEvent> events(int n, String visitor) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> event("add-to-cart", Instant.now())
                .visitorId(visitor).build()).toList();
    }

    @Test
    void aBatchLargerThanTheLimitIsStillSplitAndVisitorsGetTheirOwnRequests() throws Exception {
        Ga4Sink sink = sink();
        List<MicroConversionEvent> batch = new java.util.ArrayList<>(events(30, "a"));
        batch.addAll(events(3, "b"));
        assertThat(sink.deliver(batch).rejected()).isEmpty();
        assertThat(receiver.violations).isEmpty();
        assertThat(receiver.requestSizes).containsExactly(25, 5, 3);
        assertThat(receiver.events()).extracting(Received::clientId).containsOnly("a", "b");
    }

    @Test
    void validateModeSendsToTheDebugEndpointAndDeadLettersWhatItReports() throws Exception {
        Ga4Sink sink = sink(Ga4Config.VALIDATE, "true");
        receiver.behaviour = n -> new Answer(200, 0, "{\"validationMessages\":[{\"fieldPath\":\"events[1].params\","
                + "\"description\":\"Param value is too long.\",\"validationCode\":\"VALUE_INVALID\"}]}");
        List<MicroConversionEvent> batch = events(3, "a");
        DeliveryResult result = sink.deliver(batch);
        assertThat(receiver.paths).containsExactly("/debug/mp/collect");
        assertThat(result.rejected()).containsOnlyKeys(batch.get(1).id());
        assertThat(result.rejected().get(batch.get(1).id())).contains("Param value is too long.")
                .contains("VALUE_INVALID");
    }

    @Test
    void fourHundredDeadLettersTheRequestFiveHundredAndTimeoutsRetryItAndMisconfigurationHoldsIt() throws Exception {
        Ga4Sink sink = sink(Ga4Config.TIMEOUT, "300ms");
        List<MicroConversionEvent> batch = events(2, "a");

        receiver.behaviour = n -> new Answer(400, 0, "bad payload");
        assertThat(sink.deliver(batch).rejected()).containsOnlyKeys(batch.get(0).id(), batch.get(1).id())
                .allSatisfy((id, reason) -> assertThat(reason).isEqualTo("GA4 answered 400: bad payload"));

        for (int status : new int[]{500, 503, 429, 408}) {
            receiver.behaviour = n -> new Answer(status, 0, "");
            DeliveryResult r = sink.deliver(batch);
            assertThat(r.failures()).containsOnlyKeys(batch.get(0).id(), batch.get(1).id());
            assertThat(r.failure(batch.get(0).id())).satisfies(f -> {
                assertThat(f.kind()).isEqualTo(Failure.Kind.RETRY);
                assertThat(f.code()).isEqualTo("http_" + status);
                assertThat(f.reason()).isEqualTo("GA4 answered " + status).doesNotContain(Ga4Receiver.API_SECRET);
            });
        }
        for (int status : new int[]{401, 403, 404}) {
            receiver.behaviour = n -> new Answer(status, 0, "");
            assertThat(sink.deliver(batch).failure(batch.get(1).id())).satisfies(f -> {
                assertThat(f.kind()).isEqualTo(Failure.Kind.HOLD);
                assertThat(f.code()).isEqualTo("http_" + status);
                assertThat(f.reason()).doesNotContain(Ga4Receiver.API_SECRET).doesNotContain("api_secret=");
            });
        }
        receiver.behaviour = n -> new Answer(204, 2_000, "");
        assertThat(sink.deliver(batch).failure(batch.get(0).id()))
                .isEqualTo(Failure.retry("timeout", "GA4 did not answer in time (HttpTimeoutException)"));
        assertThat(receiver.violations).isEmpty();
    }

    @Test
    void aFailedRequestRetriesOnlyItsEventsAndTheVisitorsLaterOnesAreNotSent() throws Exception {
        Ga4Sink sink = sink();
        List<MicroConversionEvent> batch = new ArrayList<>(events(2, "a"));
        batch.addAll(events(1, "b"));
        batch.addAll(events(1, "c"));
        // requests: a (2 events), b, c; b fails
        receiver.behaviour = n -> new Answer(n == 2 ? 503 : 204, 0, "");

        DeliveryResult r = sink.deliver(batch);

        assertThat(r.failures()).containsOnlyKeys(batch.get(2).id());
        assertThat(receiver.events()).extracting(Received::clientId).containsExactly("a", "a", "c");

        // two requests for one visitor (over 25 events): the second is not sent after the first fails
        List<MicroConversionEvent> many = events(30, "d");
        int before = receiver.requests();
        receiver.behaviour = n -> new Answer(n == before + 1 ? 502 : 204, 0, "");
        DeliveryResult split = sink.deliver(many);
        assertThat(receiver.requests()).isEqualTo(before + 1);
        assertThat(split.failures().values()).extracting(Failure::kind)
                .containsOnly(Failure.Kind.RETRY, Failure.Kind.NOT_SENT).contains(Failure.Kind.NOT_SENT);
        assertThat(split.failure(many.get(29).id()).kind()).isEqualTo(Failure.Kind.NOT_SENT);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        java.time.Clock fixed = java.time.Clock.fixed(Instant.parse("2026-05-04T10:15:30Z"), java.time.ZoneOffset.UTC);
        assertThat(Failures.retryAfter("120", fixed)).isEqualTo(Instant.parse("2026-05-04T10:17:30Z"));
        assertThat(Failures.retryAfter("Mon, 04 May 2026 10:20:00 GMT", fixed))
                .isEqualTo(Instant.parse("2026-05-04T10:20:00Z"));
        assertThat(Failures.retryAfter("soon", fixed)).isNull();
        assertThat(Failures.retryAfter(null, fixed)).isNull();
        assertThat(Failures.ofStatus(503, "x", "7", fixed).notBefore())
                .isEqualTo(Instant.parse("2026-05-04T10:15:37Z"));
    }

    @Test
    void consentIsDeniedByDefaultAndUserIdCanBeWithheld() throws Exception {
        Ga4Sink sink = sink(Ga4Config.SEND_USER_ID, "false");
        MicroConversionEvent e = event("login", Instant.now()).userId("u-1").build();
        assertThat(sink.deliver(List.of(e)).rejected()).isEmpty();
        assertThat(receiver.events()).singleElement().satisfies(r -> {
            assertThat(r.userId()).isNull();
            assertThat(r.name()).isEqualTo("login");
        });
        assertThat(receiver.bodies).singleElement().satisfies(b -> assertThat(b.getJsonObject("consent").toString())
                .isEqualTo("{\"ad_user_data\":\"DENIED\",\"ad_personalization\":\"DENIED\"}"));

        Ga4Sink granted = sink(Ga4Config.CONSENT_AD_USER_DATA, "granted", Ga4Config.CONSENT_AD_PERSONALIZATION, "omit");
        assertThat(granted.deliver(List.of(e)).rejected()).isEmpty();
        assertThat(receiver.bodies).hasSize(2);
        assertThat(receiver.bodies.get(1).getJsonObject("consent").toString())
                .isEqualTo("{\"ad_user_data\":\"GRANTED\"}");
        assertThat(receiver.bodies.get(1).getString("user_id")).isEqualTo("u-1");
        assertThat(receiver.violations).isEmpty();
    }

    @Test
    void eachVisitorsOwnConsentSetsTheConsentFieldsAndConfigurationOnlyFillsTheUnknown() throws Exception {
        Ga4Sink sink = sink(Ga4Config.CONSENT_AD_USER_DATA, "granted", Ga4Config.CONSENT_AD_PERSONALIZATION, "omit");
        VisitorContext granted = new VisitorContext("v-1", "s-1", null, null, Map.of(), Consent.GRANTED, false);
        VisitorContext denied = new VisitorContext("v-1", "s-1", null, null, Map.of(), Consent.DENIED, false);
        VisitorContext unknown = new VisitorContext("v-1", "s-1", null, null, Map.of());
        List<MicroConversionEvent> batch = List.of(
                event("add-to-cart", Instant.now()).visitor(granted).build(),
                event("add-to-cart", Instant.now()).visitor(denied).build(),
                event("add-to-cart", Instant.now()).visitor(unknown).build());
        assertThat(sink.deliver(batch).rejected()).isEmpty();
        assertThat(receiver.violations).isEmpty();
        // one visitor, three consent states: one request each, since consent is request-level in the protocol
        assertThat(receiver.bodies).extracting(b -> b.getJsonObject("consent").toString()).containsExactlyInAnyOrder(
                "{\"ad_user_data\":\"GRANTED\",\"ad_personalization\":\"GRANTED\"}",
                "{\"ad_user_data\":\"DENIED\",\"ad_personalization\":\"DENIED\"}",
                "{\"ad_user_data\":\"GRANTED\"}");
        // the consent attribute is not sent as an event parameter
        assertThat(receiver.events()).hasSize(3).allSatisfy(r -> assertThat(r.param("consent")).isNull());
    }

    // ---- configuration ----

    @Test
    void enabledWithoutApiSecretFailsStartupNamingTheKey() {
        TestContainer.Builder b = TestContainer.builder(db).config(Ga4Config.ENABLED, "true")
                .config(Ga4Config.MEASUREMENT_ID, "G-1").beans(Ga4Sink.class);
        assertThatThrownBy(b::start).satisfies(t -> assertThat(invalidConfig(t).key()).isEqualTo(Ga4Config.API_SECRET));
    }

    @Test
    void badSettingsNameTheirKey() {
        Map<String, String> base = Map.of(Ga4Config.ENABLED, "true", Ga4Config.MEASUREMENT_ID, "G-1",
                Ga4Config.API_SECRET, "secret-value");
        Map<String, String> bad = Map.of(
                Ga4Config.EVENT_NAMES, "video-play:video_start",
                Ga4Config.TIMEOUT, "soon",
                Ga4Config.CONSENT_AD_USER_DATA, "maybe",
                Ga4Config.ENDPOINT, "ftp://example.com/mp/collect",
                Ga4Config.PREFIX + "api-secrets", "x",
                Ga4Config.SEND_USER_ID, "yes");
        assertThat(bad).hasSize(6);
        bad.forEach((key, value) -> {
            Map<String, String> m = new HashMap<>(base);
            m.put(key, value);
            assertThatThrownBy(() -> Ga4Config.from(config(m))).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(key).hasMessageNotContaining("secret-value");
        });
        Map<String, String> missingId = new HashMap<>(base);
        missingId.remove(Ga4Config.MEASUREMENT_ID);
        assertThatThrownBy(() -> Ga4Config.from(config(missingId))).hasMessageContaining(Ga4Config.MEASUREMENT_ID);
    }

    @Test
    void eventNameOverridesAndDefaults() {
        Map<String, String> m = new HashMap<>(Map.of(Ga4Config.ENABLED, "true", Ga4Config.MEASUREMENT_ID, "G-1",
                Ga4Config.API_SECRET, "s", Ga4Config.EVENT_NAMES, "video-play:video_play_custom, sign-up:trial_start"));
        Ga4Config cfg = Ga4Config.from(config(m));
        assertThat(cfg.adUserData()).isEqualTo("DENIED");
        assertThat(cfg.adPersonalization()).isEqualTo("DENIED");
        Ga4Sink sink = new Ga4Sink(cfg, Clock.systemUTC());
        assertThat(sink.eventName("video-play")).isEqualTo("video_play_custom");
        assertThat(sink.eventName("sign-up")).isEqualTo("trial_start");
        assertThat(sink.eventName("add-to-wishlist")).isEqualTo("add_to_wishlist");
        assertThat(sink.eventName("remove-from-cart")).isEqualTo("remove_from_cart");
        assertThat(sink.eventName("view-product")).isEqualTo("view_item");
        assertThat(sink.eventName("email-capture")).isEqualTo("generate_lead");
        assertThat(sink.eventName("file-download")).isEqualTo("mc_file_download");
        assertThat(sink.eventName("click")).isEqualTo("mc_click");
        assertThat(sink.eventName("scroll")).isEqualTo("mc_scroll");
        assertThat(sink.eventName("google-review")).isEqualTo("mc_google_review");
        assertThat(sink.eventName("review-written")).isEqualTo("review_written");
    }

    static InvalidConfigException invalidConfig(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidConfigException ice) {
                return ice;
            }
        }
        throw new AssertionError("no InvalidConfigException in", t);
    }
}
