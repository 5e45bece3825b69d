package org.microconversions.interceptors.sink.webhook;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.MicroConversions;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.metrics.MetricNames;
import org.microconversions.interceptors.record.ShopBean;
import org.microconversions.interceptors.sink.webhook.WebhookReceiver.Answer;
import org.microconversions.interceptors.sink.webhook.WebhookReceiver.Received;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.interceptors.visitor.CurrentVisitor;
import org.microconversions.spi.DeliveryResult;
import org.microconversions.spi.DeliveryResult.Failure;

import javax.sql.DataSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WebhookSinkTest {

    private WebhookReceiver receiver;
    private DataSource db;

    @BeforeEach
    void start() throws IOException {
        receiver = new WebhookReceiver();
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
                .config(WebhookConfig.ENABLED, "true")
                .config(WebhookConfig.URL, receiver.url().toString())
                .config(WebhookConfig.SECRET, WebhookReceiver.SECRET)
                .config(WebhookConfig.TIMEOUT, "2s")
                .beans(WebhookSink.class, ShopBean.class);
    }

    private List<List<String>> outbox(String status) {
        if (Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox") < 0) {
            return List.of(); // schema not created yet
        }
        return Databases.rows(db, "SELECT event_id, last_error FROM mc_outbox WHERE sink = 'webhook' AND status = '"
                + status + "'");
    }

    @Test
    void everyConversionArrivesOnceSignedWithTheDocumentedSchema() {
        try (TestContainer c = container().start()) {
            ShopBean shop = c.bean(ShopBean.class);
            CurrentVisitor.set(new VisitorContext("v1", "s1", "u-42", new Channel("newsletter", "email", "may"),
                    Map.of("checkout", "b")));
            shop.addToCart("sku-1");
            shop.purchase(new BigDecimal("49.90"));
            CurrentVisitor.set(new VisitorContext("v2", null, null, null, Map.of()));
            c.bean(MicroConversions.class).conversion("share").attribute("network", "email").record();

            await().atMost(Duration.ofSeconds(15)).until(() -> outbox("sent").size() == 3);
            assertThat(receiver.violations).isEmpty();
            List<Received> got = receiver.accepted();
            assertThat(got).extracting(r -> r.data().getString("name")).containsExactly("add-to-cart", "purchase",
                    "share");
            assertThat(got).extracting(Received::id).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(Databases.rows(db, "SELECT id FROM mc_event").stream()
                            .map(r -> r.get(0).trim()).toList());

            JsonObject purchase = got.get(1).body();
            assertThat(purchase.keySet()).containsExactly("id", "type", "timestamp", "data");
            JsonObject data = purchase.getJsonObject("data");
            assertThat(data.keySet()).containsExactly("name", "kind", "occurredAt", "visitorId", "sessionId", "userId",
                    "channel", "variants", "value", "currency", "attributes", "origin");
            assertThat(data.getString("kind")).isEqualTo("macro");
            assertThat(Instant.parse(data.getString("occurredAt")))
                    .isEqualTo(Instant.parse(purchase.getString("timestamp")));
            assertThat(data.getString("visitorId")).isEqualTo("v1");
            assertThat(data.getString("sessionId")).isEqualTo("s1");
            assertThat(data.getString("userId")).isEqualTo("u-42");
            assertThat(data.getJsonObject("channel").toString())
                    .isEqualTo("{\"source\":\"newsletter\",\"medium\":\"email\",\"campaign\":\"may\"}");
            assertThat(data.getJsonObject("variants").toString()).isEqualTo("{\"checkout\":\"b\"}");
            assertThat(data.getJsonNumber("value").bigDecimalValue()).isEqualByComparingTo("49.90");
            assertThat(data.getString("currency")).isEqualTo("EUR");
            assertThat(data.getJsonObject("attributes").toString()).isEqualTo("{\"items\":\"2\"}");
            assertThat(data.getString("origin")).isEqualTo("ShopBean#purchase");

            JsonObject share = got.get(2).data();
            assertThat(share.containsKey("userId")).isFalse();
            assertThat(share.isNull("sessionId")).isTrue();
            assertThat(share.isNull("channel")).isTrue();
            assertThat(share.isNull("value")).isTrue();
            assertThat(TestContainer.counter(MetricNames.SINK_FORWARDED, new Tag("sink", "webhook"))).isEqualTo(3);
        }
    }

    @Test
    void fourHundredDeadLettersThatConversionWithoutRetryAndTheNextOnesStillGo() {
        receiver.behaviour = (n, m) -> new Answer("share".equals(m.data().getString("name")) ? 422 : 204, 0);
        try (TestContainer c = container().start()) {
            ShopBean shop = c.bean(ShopBean.class);
            MicroConversions conversions = c.bean(MicroConversions.class);
            CurrentVisitor.set(new VisitorContext("v1", "s1", null, null, Map.of()));
            shop.addToCart("a");
            UUID share = conversions.record("share").orElseThrow();
            shop.addToCart("b");

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> outbox("sent").size() == 2 && outbox("dead").size() == 1);
            assertThat(outbox("dead")).singleElement().satisfies(row -> {
                assertThat(row.get(0).trim()).isEqualTo(share.toString());
                assertThat(row.get(1)).isEqualTo("webhook answered 422");
            });
            // give a wrong retry time to happen before checking it did not
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
            assertThat(receiver.seen()).filteredOn(r -> r.id().equals(share.toString())).hasSize(1);
            assertThat(receiver.requests()).isEqualTo(3);
            assertThat(receiver.violations).isEmpty();
            assertThat(TestContainer.counter(MetricNames.SINK_DEAD_LETTERED, new Tag("sink", "webhook"))).isEqualTo(1);
            assertThat(TestContainer.hasCounter(MetricNames.SINK_RETRIED, new Tag("sink", "webhook"))).isFalse();
        }
    }

    // ---- the sink on its own ----

    static Config config(Map<String, String> m) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(m, "test", 500)).build();
    }

    private WebhookSink sink(String... keyValues) {
        Map<String, String> m = new HashMap<>(Map.of(WebhookConfig.ENABLED, "true",
                WebhookConfig.URL, receiver.url().toString(), WebhookConfig.SECRET, WebhookReceiver.SECRET));
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new WebhookSink(WebhookConfig.from(config(m)), Clock.systemUTC());
    }

    private static MicroConversionEvent event(String name) {
        return event(name, "v");
    }

    private static MicroConversionEvent event(String name, String visitor) {
        return MicroConversionEvent.builder().id(UUID.randomUUID()).name(name).timestamp(Instant.now())
                .visitorId(visitor).attribute("note", "quote \" backslash \\ slash / é ✓ 😀").build();
    }

    @Test
    void eachMessageHasItsOwnOutcomeAndAFailureStopsOnlyItsVisitor() throws Exception {
        WebhookSink sink = sink(WebhookConfig.TIMEOUT, "300ms", WebhookConfig.BATCH_SIZE, "10");
        assertThat(sink.maxBatchSize()).isEqualTo(10);
        List<MicroConversionEvent> batch = List.of(event("share"), event("share"), event("share", "w"));
        for (int status : new int[]{500, 503, 408}) {
            int before = receiver.requests();
            receiver.behaviour = (n, m) -> new Answer(n == before + 1 ? status : 204, 0);
            DeliveryResult r = sink.deliver(batch);
            assertThat(r.failure(batch.get(0).id()))
                    .isEqualTo(Failure.retry("http_" + status, "webhook answered " + status));
            assertThat(r.failure(batch.get(1).id()).kind()).as("the visitor's later message waits")
                    .isEqualTo(Failure.Kind.NOT_SENT);
            assertThat(r.failure(batch.get(2).id())).as("another visitor's is delivered").isNull();
            assertThat(receiver.requests()).isEqualTo(before + 2);
        }
        for (int status : new int[]{401, 403, 404}) {
            int before = receiver.requests();
            receiver.behaviour = (n, m) -> new Answer(status, 0);
            DeliveryResult r = sink.deliver(batch);
            assertThat(r.failure(batch.get(0).id()).kind()).isEqualTo(Failure.Kind.HOLD);
            assertThat(r.failure(batch.get(0).id()).reason()).doesNotContain(receiver.url().toString());
            assertThat(r.failure(batch.get(2).id()).kind()).isEqualTo(Failure.Kind.NOT_SENT);
            assertThat(receiver.requests()).as("nothing more sent to a misconfigured sink").isEqualTo(before + 1);
        }
        int before = receiver.requests();
        receiver.behaviour = (n, m) -> new Answer(204, 1_500);
        assertThat(sink.deliver(batch).failure(batch.get(0).id()).code()).isEqualTo("timeout");
        assertThat(receiver.requests()).as("a timeout stops the batch").isEqualTo(before + 1);
        receiver.behaviour = (n, m) -> new Answer(204, 0);
        assertThat(sink.deliver(batch).rejected()).isEmpty();
        assertThat(receiver.violations).isEmpty();
        // the escaped attribute survives the round trip
        assertThat(receiver.accepted().get(receiver.accepted().size() - 1).data().getJsonObject("attributes")
                .getString("note")).isEqualTo("quote \" backslash \\ slash / é ✓ 😀");
    }

    @Test
    void signatureMatchesTheStandardWebhooksReferenceVector() {
        byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(WebhookSignature.sign(List.of(key), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringKeyRotationEveryKeySigns() throws Exception {
        String other = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        WebhookSink sink = sink(WebhookConfig.SECRET, other + " " + WebhookReceiver.SECRET);
        assertThat(sink.deliver(List.of(event("share"))).rejected()).isEmpty();
        assertThat(receiver.violations).isEmpty();
        assertThat(receiver.signatureHeaders).singleElement()
                .satisfies(h -> assertThat(h.split(" ")).hasSize(2).allSatisfy(p -> assertThat(p).startsWith("v1,")));
    }

    @Test
    void enabledWithoutSecretFailsStartupNamingTheKey() {
        TestContainer.Builder b = TestContainer.builder(db).config(WebhookConfig.ENABLED, "true")
                .config(WebhookConfig.URL, receiver.url().toString()).beans(WebhookSink.class);
        assertThatThrownBy(b::start).satisfies(t -> assertThat(invalidConfig(t).key()).isEqualTo(WebhookConfig.SECRET));
    }

    @Test
    void badSettingsNameTheirKeyAndNeverShowTheSecret() {
        String shortKey = "whsec_" + Base64.getEncoder().encodeToString(new byte[8]);
        Map<String, String> bad = Map.of(
                WebhookConfig.SECRET + "#1", "sk_" + WebhookReceiver.SECRET.substring(6),
                WebhookConfig.SECRET + "#2", "whsec_not*base64!",
                WebhookConfig.SECRET + "#3", shortKey,
                WebhookConfig.URL, "mailto:x@example.com",
                WebhookConfig.TIMEOUT, "0s",
                WebhookConfig.BATCH_SIZE, "1000",
                WebhookConfig.PREFIX + "secrets", "x",
                WebhookConfig.ENABLED, "yes");
        assertThat(bad).hasSize(8);
        bad.forEach((keyAndCase, value) -> {
            String key = keyAndCase.replaceAll("#\\d$", "");
            Map<String, String> m = new HashMap<>(Map.of(WebhookConfig.ENABLED, "true",
                    WebhookConfig.URL, "https://hooks.example.com/x", WebhookConfig.SECRET, WebhookReceiver.SECRET));
            m.put(key, value);
            assertThatThrownBy(() -> WebhookConfig.from(config(m))).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(key).hasMessageNotContaining(WebhookReceiver.SECRET.substring(6))
                    .hasMessageNotContaining(value.equals(shortKey) ? shortKey : "\u0000");
        });
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
