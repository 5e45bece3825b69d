package org.microconversions.interceptors.sink.webhook;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversions;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.http.CurrentVisitor;
import org.microconversions.interceptors.metrics.MetricNames;
import org.microconversions.interceptors.sink.webhook.WebhookReceiver.Answer;
import org.microconversions.interceptors.sink.webhook.WebhookReceiver.Received;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receiver fails (500s, then an answer slower than the timeout) for a while: afterwards it
 * has every conversion, each once after de-duplication on {@code webhook-id}, in recording order
 * per visitor. Run with batches of 1 (the default) and of 10 (re-sends within a batch).
 */
class WebhookFaultIT {

    @Test
    void outageWithDefaultBatchesOfOne() throws Exception {
        run("1");
    }

    @Test
    void outageWithBatchesOfTen() throws Exception {
        run("10");
    }

    private void run(String batchSize) throws Exception {
        DataSource db = Databases.derby();
        try (WebhookReceiver receiver = new WebhookReceiver();
             TestContainer c = TestContainer.builder(db)
                     .config("microconversions.flush-interval", "50ms")
                     .config("microconversions.outbox.poll-interval", "50ms")
                     .config("microconversions.outbox.backoff.initial", "50ms")
                     .config("microconversions.outbox.backoff.max", "200ms")
                     .config("microconversions.outbox.max-attempts", "1000")
                     .config(WebhookConfig.ENABLED, "true")
                     .config(WebhookConfig.URL, receiver.url().toString())
                     .config(WebhookConfig.SECRET, WebhookReceiver.SECRET)
                     .config(WebhookConfig.TIMEOUT, "300ms")
                     .config(WebhookConfig.BATCH_SIZE, batchSize)
                     .beans(WebhookSink.class).start()) {
            AtomicLong firstAt = new AtomicLong();
            AtomicInteger slow = new AtomicInteger();
            receiver.behaviour = (n, m) -> {
                long now = System.currentTimeMillis();
                firstAt.compareAndSet(0, now);
                if (n % 23 == 3) {
                    // flaky now and then throughout; more often than every 10 requests would starve
                    // batches of 10 (each retry re-sends the batch from its start): see docs/sinks.md
                    return new Answer(503, 0);
                }
                if (now - firstAt.get() < 1_500) {
                    return new Answer(500, 0);
                }
                if (slow.getAndIncrement() == 0) {
                    return new Answer(204, 1_000); // received, but the sink stopped waiting
                }
                return new Answer(204, 0);
            };
            MicroConversions conversions = c.bean(MicroConversions.class);
            Map<String, List<String>> recorded = new LinkedHashMap<>();
            for (int i = 0; i < 20; i++) {
                for (String v : List.of("va", "vb", "vc")) {
                    CurrentVisitor.set(new VisitorContext(v, "s-" + v, null, null, Map.of()));
                    String id = conversions.record("share").orElseThrow().toString();
                    recorded.computeIfAbsent(v, k -> new ArrayList<>()).add(id);
                    Thread.sleep(5);
                }
            }
            CurrentVisitor.clear();

            await().atMost(Duration.ofSeconds(60)).until(() -> Databases.queryLong(db,
                    "SELECT COUNT(*) FROM mc_outbox WHERE sink = 'webhook' AND status = 'sent'") == 60);
            assertThat(receiver.violations).isEmpty();
            assertThat(slow.get()).isPositive();
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status <> 'sent'")).isZero();

            List<Received> got = receiver.accepted();
            assertThat(got.size()).isGreaterThan(60); // the slow message arrived twice
            Map<String, Set<String>> firstSeen = new LinkedHashMap<>();
            for (Received r : got) {
                firstSeen.computeIfAbsent(r.data().getString("visitorId"), k -> new LinkedHashSet<>()).add(r.id());
            }
            assertThat(firstSeen).hasSize(3);
            recorded.forEach((visitor, ids) -> {
                assertThat(ids).hasSize(20);
                assertThat(new ArrayList<>(firstSeen.get(visitor))).as(visitor).containsExactlyElementsOf(ids);
            });
            assertThat(TestContainer.counter(MetricNames.SINK_RETRIED, new Tag("sink", "webhook"))).isPositive();
            assertThat(TestContainer.hasCounter(MetricNames.SINK_DEAD_LETTERED, new Tag("sink", "webhook"))).isFalse();
        }
    }
}
