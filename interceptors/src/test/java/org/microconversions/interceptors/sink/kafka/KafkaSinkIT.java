package org.microconversions.interceptors.sink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.record.ShopBean;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import javax.sql.DataSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real pipeline (Weld, Derby, outbox) forwarding to a real Kafka broker. */
class KafkaSinkIT {

    private static final String TOPIC = "mc-happy";
    private static final int VISITORS = 4;
    private static final int PER_VISITOR = 25;
    private static final int ANONYMOUS = 10;
    private static final Tag SINK = new Tag("sink", "kafka");

    private static InProcessBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = InProcessBroker.start();
        broker.createTopic(TOPIC, 3);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aRecordWhoseSendFailsIsRetriedAloneAndNoOtherRecordIsWrittenTwice() throws Exception {
        String topic = "mc-flaky";
        broker.createTopic(topic, 3);
        FlakyPartitioner.FLAKY_SENDS.set(0);
        DataSource db = Databases.derby();
        try (TestContainer c = TestContainer.builder(db)
                .config(ConfigKeys.OUTBOX_POLL_INTERVAL, "50ms")
                .config("microconversions.outbox.backoff.initial", "50ms")
                .config("microconversions.outbox.backoff.max", "200ms")
                .config(KafkaSinkSettings.ENABLED, "true")
                .config(KafkaSinkSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers())
                .config(KafkaSinkSettings.TOPIC, topic)
                .config(KafkaSinkSettings.PRODUCER_PREFIX + "partitioner.class", FlakyPartitioner.class.getName())
                .beans(ShopBean.class).start()) {
            ShopBean shop = c.bean(ShopBean.class);
            List<String> visitors = List.of("v-a", FlakyPartitioner.FLAKY_KEY, "v-b");
            for (int i = 1; i <= 5; i++) {
                for (String v : visitors) {
                    CurrentVisitor.set(new VisitorContext(v, "s-" + v, null, null, Map.of()));
                    try {
                        shop.purchase(new BigDecimal(i + ".50"));
                    } finally {
                        CurrentVisitor.clear();
                    }
                }
            }
            int total = 15;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Databases.queryLong(db,
                            "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'") == total);

            List<KafkaTestSupport.Received> got = new ArrayList<>(
                    KafkaTestSupport.readAll(broker.bootstrapServers(), topic, total, Duration.ofSeconds(30)));
            assertThat(got).extracting(KafkaTestSupport.Received::eventId).as("no record written twice")
                    .hasSize(total).doesNotHaveDuplicates();
            assertThat(TestContainer.counter("microconversions.sink.retried", SINK))
                    .as("only the flaky record was retried, once per failure").isEqualTo(FlakyPartitioner.FAILURES);
            assertThat(FlakyPartitioner.FLAKY_SENDS.get()).isEqualTo(5 + FlakyPartitioner.FAILURES);
            got.sort(Comparator.comparingInt(KafkaTestSupport.Received::partition)
                    .thenComparingLong(KafkaTestSupport.Received::offset));
            List<String> flakyValues = got.stream().filter(r -> r.key().equals(FlakyPartitioner.FLAKY_KEY))
                    .map(r -> r.value().get("value").asText()).toList();
            assertThat(flakyValues).as("the visitor's order holds").containsExactly("1.50", "2.50", "3.50", "4.50",
                    "5.50");
        }
    }

    @Test
    void everyConversionArrivesOnceKeyedByVisitorInRecordingOrderWithTheDocumentedSchema() throws Exception {
        DataSource db = Databases.derby();
        int total = VISITORS * PER_VISITOR + ANONYMOUS;
        try (TestContainer c = TestContainer.builder(db)
                .config("microconversions.privacy.user-id", "raw") // the sink forwards what the store keeps
                .config(ConfigKeys.OUTBOX_POLL_INTERVAL, "50ms")
                .config(KafkaSinkSettings.ENABLED, "true")
                .config(KafkaSinkSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers())
                .config(KafkaSinkSettings.TOPIC, TOPIC)
                .config(KafkaSinkSettings.PRODUCER_PREFIX + "compression.type", "lz4")
                .beans(ShopBean.class).start()) {
            assertThat(KafkaTestSupport.theSink(c).maxBatchSize()).isEqualTo(500);
            ShopBean shop = c.bean(ShopBean.class);
            Instant before = Instant.now();
            // interleaved visitors, each visitor's purchases numbered 1..25 through their value
            for (int i = 1; i <= PER_VISITOR; i++) {
                for (int v = 0; v < VISITORS; v++) {
                    CurrentVisitor.set(visitor(v));
                    try {
                        shop.purchase(new BigDecimal(i + ".50"));
                    } finally {
                        CurrentVisitor.clear();
                    }
                }
                if (i <= ANONYMOUS) {
                    shop.addToCart("sku-" + i); // no visitor: keyed by the event id
                }
            }

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> TestContainer.hasCounter("microconversions.sink.forwarded", SINK)
                            && TestContainer.counter("microconversions.sink.forwarded", SINK) >= total);

            List<KafkaTestSupport.Received> got = new ArrayList<>(
                    KafkaTestSupport.readAll(broker.bootstrapServers(), TOPIC, total, Duration.ofSeconds(30)));
            got.sort(Comparator.comparingInt(KafkaTestSupport.Received::partition)
                    .thenComparingLong(KafkaTestSupport.Received::offset));

            // every event exactly once, and exactly the events stored
            assertThat(got).hasSize(total);
            Set<String> ids = got.stream().map(KafkaTestSupport.Received::eventId).collect(Collectors.toSet());
            assertThat(ids).hasSize(total);
            Set<String> stored = Databases.rows(db, "SELECT id FROM mc_event").stream()
                    .map(r -> r.get(0).trim()).collect(Collectors.toSet());
            assertThat(ids).isEqualTo(stored);
            assertThat(TestContainer.counter("microconversions.sink.forwarded", SINK)).isEqualTo(total);
            assertThat(TestContainer.hasCounter("microconversions.sink.retried", SINK)).isFalse();

            Map<String, List<KafkaTestSupport.Received>> byKey = new LinkedHashMap<>();
            for (KafkaTestSupport.Received r : got) {
                JsonNode json = r.value();
                assertThat(r.schemaHeader()).isEqualTo("microconversion/v1");
                assertThat(json.get("schema").asText()).isEqualTo("microconversion/v1");
                assertThat(json.get("id").asText()).isEqualTo(r.eventId());
                Instant occurred = Instant.parse(json.get("occurredAt").asText());
                assertThat(occurred).isBetween(before.minusSeconds(1), Instant.now());
                assertThat(json.get("variants").isObject()).isTrue();
                assertThat(json.get("attributes").isObject()).isTrue();
                if (json.has("visitorId")) {
                    assertThat(r.key()).isEqualTo(json.get("visitorId").asText());
                } else {
                    assertThat(r.key()).isEqualTo(r.eventId());
                }
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
            assertThat(byKey).hasSize(VISITORS + ANONYMOUS);

            for (int v = 0; v < VISITORS; v++) {
                List<KafkaTestSupport.Received> mine = byKey.get("visitor-" + v);
                assertThat(mine).hasSize(PER_VISITOR);
                assertThat(mine.stream().map(KafkaTestSupport.Received::partition).distinct()).hasSize(1);
                List<String> values = mine.stream().map(r -> r.value().get("value").asText()).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= PER_VISITOR; i++) {
                    expected.add(i + ".50");
                }
                assertThat(values).as("visitor-%d in recording order", v).isEqualTo(expected);
            }

            // the documented schema, field by field, for a visitor with every part set ...
            JsonNode full = byKey.get("visitor-0").get(0).value();
            assertThat(fieldNames(full)).isEqualTo(new TreeSet<>(List.of("schema", "id", "name", "kind",
                    "occurredAt", "visitorId", "sessionId", "userId", "channel", "variants", "value", "currency",
                    "attributes", "origin")));
            assertThat(full.get("name").asText()).isEqualTo("purchase");
            assertThat(full.get("kind").asText()).isEqualTo("macro");
            assertThat(full.get("sessionId").asText()).isEqualTo("session-0");
            assertThat(full.get("userId").asText()).isEqualTo("user-0");
            assertThat(full.get("channel").toString())
                    .isEqualTo("{\"source\":\"newsletter\",\"medium\":\"email\",\"campaign\":\"spring\"}");
            assertThat(full.get("variants").toString()).isEqualTo("{\"checkout\":\"b\"}");
            assertThat(full.get("value").isTextual()).isTrue();
            assertThat(full.get("currency").asText()).isEqualTo("EUR");
            assertThat(full.get("attributes").toString()).isEqualTo("{\"items\":\"2\"}");
            assertThat(full.get("origin").asText()).isEqualTo("ShopBean#purchase");
            // ... for a visitor without user id, and without any visitor
            assertThat(fieldNames(byKey.get("visitor-1").get(0).value())).doesNotContain("userId");
            JsonNode anonymous = got.stream().map(KafkaTestSupport.Received::value)
                    .filter(j -> j.get("name").asText().equals("add-to-cart")).findFirst().orElseThrow();
            assertThat(fieldNames(anonymous)).isEqualTo(new TreeSet<>(List.of("schema", "id", "name", "kind",
                    "occurredAt", "variants", "attributes", "origin")));
            assertThat(KafkaSender.OPEN.get()).isEqualTo(1);
        }
        assertThat(KafkaSender.OPEN.get()).as("producer closed at shutdown").isZero();
    }

    private static VisitorContext visitor(int v) {
        Channel channel = v == 0 ? new Channel("newsletter", "email", "spring") : Channel.DIRECT;
        return new VisitorContext("visitor-" + v, "session-" + v, v == 0 ? "user-0" : null, channel,
                v == 0 ? Map.of("checkout", "b") : Map.of());
    }

    private static Set<String> fieldNames(JsonNode json) {
        Set<String> names = new TreeSet<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
