package org.microconversions.interceptors.sink.kafka;

import org.eclipse.microprofile.metrics.Tag;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker is not up when conversions are recorded, comes up, then is killed (SIGKILL) and
 * restarted: the outbox retries, nothing is lost, and after de-duplicating on {@code mc-event-id}
 * every visitor's conversions are in recording order.
 */
class KafkaSinkOutageIT {

    private static final String TOPIC = "mc-outage";
    private static final int VISITORS = 3;
    private static final int ROUNDS = 10;
    private static final Tag SINK = new Tag("sink", "kafka");

    private final int[] sequence = new int[VISITORS];

    @Test
    void brokerDownThenUpThenKilledLosesNothingAndKeepsEachVisitorsOrder() throws Exception {
        try (ChildBroker broker = new ChildBroker(3)) {
            DataSource db = Databases.derby();
            try (TestContainer c = TestContainer.builder(db)
                    .config(ConfigKeys.OUTBOX_POLL_INTERVAL, "50ms")
                    .config(ConfigKeys.OUTBOX_BACKOFF_INITIAL, "100ms")
                    .config(ConfigKeys.OUTBOX_BACKOFF_MAX, "500ms")
                    .config(ConfigKeys.OUTBOX_MAX_ATTEMPTS, "1000")
                    .config(KafkaSinkSettings.ENABLED, "true")
                    .config(KafkaSinkSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers())
                    .config(KafkaSinkSettings.TOPIC, TOPIC)
                    .config(KafkaSinkSettings.DELIVERY_TIMEOUT, "2s")
                    .config(KafkaSinkSettings.PRODUCER_PREFIX + "max.block.ms", "1000")
                    .config(KafkaSinkSettings.PRODUCER_PREFIX + "request.timeout.ms", "1000")
                    .config(KafkaSinkSettings.PRODUCER_PREFIX + "reconnect.backoff.max.ms", "200")
                    .beans(ShopBean.class).start()) {
                ShopBean shop = c.bean(ShopBean.class);

                // 1. nothing listens on the broker's port: deliveries fail and are retried, nothing is lost;
                // a send that fails after max.block.ms stops the batch, so only that record counts as retried
                record(shop);
                await().atMost(Duration.ofSeconds(20)).until(() -> retried() >= 3);
                assertThat(forwarded()).isZero();
                assertThat(owed(db)).isEqualTo(VISITORS * ROUNDS);

                // 2. the broker comes up: the backlog and new conversions arrive
                broker.start();
                record(shop);
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                        .until(() -> forwarded() == 2L * VISITORS * ROUNDS);

                // 3. kill -9 with conversions flowing, and back on the same port with the same data
                long retriedBefore = retried();
                broker.kill();
                record(shop);
                await().atMost(Duration.ofSeconds(20)).until(() -> retried() > retriedBefore);
                broker.start();
                record(shop);
                int total = 4 * VISITORS * ROUNDS;
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                        .until(() -> forwarded() == total);
                assertThat(owed(db)).isZero();

                List<KafkaTestSupport.Received> got = new ArrayList<>(
                        KafkaTestSupport.readAll(broker.bootstrapServers(), TOPIC, total, Duration.ofSeconds(30)));
                got.sort(Comparator.comparingInt(KafkaTestSupport.Received::partition)
                        .thenComparingLong(KafkaTestSupport.Received::offset));

                // at least once: every stored conversion is in the topic, duplicates only of delivered ones
                Set<String> stored = Databases.rows(db, "SELECT id FROM mc_event").stream()
                        .map(r -> r.get(0).trim()).collect(Collectors.toSet());
                assertThat(stored).hasSize(total);
                Map<String, KafkaTestSupport.Received> firstById = new LinkedHashMap<>();
                got.forEach(r -> firstById.putIfAbsent(r.eventId(), r));
                assertThat(firstById.keySet()).isEqualTo(stored);
                System.out.printf("KafkaSinkOutageIT: %d records for %d conversions (%d duplicates), %d retried%n",
                        got.size(), total, got.size() - total, retried());

                // after de-duplication, each visitor's conversions in recording order, in one partition
                Map<String, List<KafkaTestSupport.Received>> byKey = firstById.values().stream()
                        .collect(Collectors.groupingBy(KafkaTestSupport.Received::key, LinkedHashMap::new,
                                Collectors.toList()));
                assertThat(byKey).hasSize(VISITORS);
                for (int v = 0; v < VISITORS; v++) {
                    List<KafkaTestSupport.Received> mine = byKey.get("visitor-" + v);
                    assertThat(mine.stream().map(KafkaTestSupport.Received::partition).distinct()).hasSize(1);
                    List<Integer> values = mine.stream()
                            .map(r -> new BigDecimal(r.value().get("value").asText()).intValue()).toList();
                    List<Integer> expected = new ArrayList<>();
                    for (int i = 1; i <= 4 * ROUNDS; i++) {
                        expected.add(i);
                    }
                    assertThat(values).as("visitor-%d in recording order", v).isEqualTo(expected);
                }
            } catch (AssertionError | RuntimeException e) {
                System.out.println(
                        "outbox: " + Databases.rows(db, "SELECT status, attempts, last_error, COUNT(*) FROM mc_outbox"
                                + " GROUP BY status, attempts, last_error"));
                System.out.println("broker log:\n" + broker.log());
                throw e;
            }
        }
        assertThat(KafkaSender.OPEN.get()).as("producer closed at shutdown").isZero();
    }

    /** One conversion per visitor per round, each visitor's values numbered 1, 2, 3, ... */
    private void record(ShopBean shop) {
        for (int round = 0; round < ROUNDS; round++) {
            for (int v = 0; v < VISITORS; v++) {
                CurrentVisitor.set(new VisitorContext("visitor-" + v, "session-" + v, null, Channel.DIRECT, Map.of()));
                try {
                    shop.purchase(BigDecimal.valueOf(++sequence[v]));
                } finally {
                    CurrentVisitor.clear();
                }
            }
        }
    }

    private static long retried() {
        return TestContainer.hasCounter("microconversions.sink.retried", SINK)
                ? TestContainer.counter("microconversions.sink.retried", SINK)
                : 0;
    }

    private static long forwarded() {
        return TestContainer.hasCounter("microconversions.sink.forwarded", SINK)
                ? TestContainer.counter("microconversions.sink.forwarded", SINK)
                : 0;
    }

    private static long owed(DataSource db) {
        return Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE sink = 'kafka' AND status = 'owed'");
    }
}
