package org.microconversions.interceptors.sink.ga4;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversions;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.http.CurrentVisitor;
import org.microconversions.interceptors.metrics.MetricNames;
import org.microconversions.interceptors.sink.ga4.Ga4Receiver.Answer;
import org.microconversions.interceptors.sink.ga4.Ga4Receiver.Received;
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
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GA4 down for a while (500s, then an answer slower than the timeout): afterwards it has every
 * conversion, each once after de-duplication on {@code mc_event_id}, in recording order per visitor.
 */
class Ga4FaultIT {

    @Test
    void outageThenSlowAnswerLosesNothingAndKeepsOrderPerVisitor() throws Exception {
        DataSource db = Databases.derby();
        try (Ga4Receiver receiver = new Ga4Receiver();
             TestContainer c = TestContainer.builder(db)
                     .config("microconversions.flush-interval", "50ms")
                     .config("microconversions.outbox.poll-interval", "50ms")
                     .config("microconversions.outbox.backoff.initial", "50ms")
                     .config("microconversions.outbox.backoff.max", "200ms")
                     .config("microconversions.outbox.max-attempts", "1000")
                     .config(Ga4Config.ENABLED, "true")
                     .config(Ga4Config.MEASUREMENT_ID, Ga4Receiver.MEASUREMENT_ID)
                     .config(Ga4Config.API_SECRET, Ga4Receiver.API_SECRET)
                     .config(Ga4Config.ENDPOINT, receiver.endpoint().toString())
                     .config(Ga4Config.TIMEOUT, "300ms")
                     .beans(Ga4Sink.class).start()) {
            AtomicLong firstAt = new AtomicLong();
            AtomicLong slowAt = new AtomicLong(-1);
            receiver.behaviour = n -> {
                long now = System.currentTimeMillis();
                firstAt.compareAndSet(0, now);
                if (now - firstAt.get() < 1_500) {
                    return new Answer(500, 0, "");
                }
                if (slowAt.compareAndSet(-1, n)) {
                    return new Answer(204, 1_000, ""); // GA4 keeps them, the sink has given up waiting
                }
                return Answer.ok();
            };
            MicroConversions conversions = c.bean(MicroConversions.class);
            Map<String, List<String>> recorded = new LinkedHashMap<>();
            for (int i = 0; i < 20; i++) {
                for (String v : List.of("va", "vb", "vc")) {
                    CurrentVisitor.set(new VisitorContext(v, "s-" + v, null, null, Map.of()));
                    String id = conversions.record(i % 2 == 0 ? "add-to-cart" : "video-play").orElseThrow().toString();
                    recorded.computeIfAbsent(v, k -> new ArrayList<>()).add(id);
                    Thread.sleep(5);
                }
            }
            CurrentVisitor.clear();

            await().atMost(Duration.ofSeconds(60)).until(() -> Databases.queryLong(db,
                    "SELECT COUNT(*) FROM mc_outbox WHERE sink = 'ga4' AND status = 'sent'") == 60);
            assertThat(receiver.violations).isEmpty();
            assertThat(slowAt.get()).isPositive();
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status <> 'sent'")).isZero();

            List<Received> got = receiver.events();
            assertThat(got.size()).isGreaterThan(60); // the slow request's events came twice
            Map<String, Set<String>> firstSeen = new LinkedHashMap<>();
            for (Received r : got) {
                firstSeen.computeIfAbsent(r.clientId(), k -> new LinkedHashSet<>()).add(r.param("mc_event_id"));
            }
            assertThat(firstSeen).hasSize(3);
            recorded.forEach((visitor, ids) -> {
                assertThat(ids).hasSize(20);
                assertThat(new ArrayList<>(firstSeen.get(visitor))).as(visitor).containsExactlyElementsOf(ids);
            });
            assertThat(TestContainer.counter(MetricNames.SINK_RETRIED, new Tag("sink", "ga4"))).isPositive();
            assertThat(TestContainer.hasCounter(MetricNames.SINK_DEAD_LETTERED, new Tag("sink", "ga4"))).isFalse();
        }
    }
}
