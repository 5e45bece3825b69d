package org.microconversions.interceptors.sink.ga4;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversions;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.metrics.MetricNames;
import org.microconversions.interceptors.outbox.SinkForwarder;
import org.microconversions.interceptors.sink.ga4.Ga4Receiver.Answer;
import org.microconversions.interceptors.sink.ga4.Ga4Receiver.Received;
import org.microconversions.interceptors.support.CapturedLog;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.ErrorRateRun;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import javax.sql.DataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

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
                        .fastForwarding()
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

    private static TestContainer container(DataSource db, Ga4Receiver receiver, String maxAttempts) {
        return TestContainer.builder(db)
                .fastForwarding()
                .config("microconversions.outbox.max-attempts", maxAttempts)
                .config(Ga4Config.ENABLED, "true")
                .config(Ga4Config.MEASUREMENT_ID, Ga4Receiver.MEASUREMENT_ID)
                .config(Ga4Config.API_SECRET, Ga4Receiver.API_SECRET)
                .config(Ga4Config.ENDPOINT, receiver.endpoint().toString())
                .config(Ga4Config.TIMEOUT, "2s")
                .beans(Ga4Sink.class).start();
    }

    private static List<ErrorRateRun.Accepted> accepted(Ga4Receiver receiver) {
        return receiver.events().stream().map(r -> new ErrorRateRun.Accepted(r.clientId(), r.param("mc_event_id")))
                .toList();
    }

    /**
     * A clean 503 to every 7th, then every 2nd request: every conversion arrives exactly once (no
     * request answered 2xx is sent again), in order per visitor, and at 1 in 7 within twice the
     * error-free time measured in the same run.
     */
    /**
     * Visitors per phase (10 conversions each). Enough that the error-free run lasts over a second:
     * the last retry round's backoff is a fixed tail, and measured against a half-second run it
     * alone decided the 2x comparison on a quiet machine (1,084 vs 469 ms with 70 visitors).
     */
    private static final int VISITORS = 210;

    @Test
    void cleanFailuresOfOneRequestInSevenAndInTwoDeliverEveryConversionOnceAndQuickly() throws Exception {
        DataSource db = Databases.derby();
        try (Ga4Receiver receiver = new Ga4Receiver(); TestContainer c = container(db, receiver, "1000")) {
            AtomicInteger failEvery = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            receiver.behaviour = n -> {
                int k = failEvery.get();
                if (k > 0 && n % k == 0) {
                    failed.incrementAndGet();
                    return new Answer(503, 0, "");
                }
                return Answer.ok();
            };
            MicroConversions conversions = c.bean(MicroConversions.class);
            ErrorRateRun.run("GA4 warm-up", db, "ga4", conversions, "warm", 20, 5, () -> accepted(receiver));
            // interleaved, medians compared: a load spike on a shared machine in one phase does not decide
            long[] cleans = new long[ErrorRateRun.INTERLEAVED_ROUNDS];
            long[] sevens = new long[ErrorRateRun.INTERLEAVED_ROUNDS];
            for (int round = 0; round < cleans.length; round++) {
                failEvery.set(0);
                cleans[round] = ErrorRateRun.run("GA4 error-free", db, "ga4", conversions, "clean" + round, VISITORS,
                        10,
                        () -> accepted(receiver));
                failEvery.set(7);
                sevens[round] = ErrorRateRun.run("GA4 1 in 7 answered 503", db, "ga4", conversions, "seven" + round,
                        VISITORS, 10, () -> accepted(receiver));
            }
            long clean = ErrorRateRun.median(cleans);
            long oneInSeven = ErrorRateRun.median(sevens);
            int failedAtSeven = failed.get();
            failEvery.set(2);
            long oneInTwo = ErrorRateRun.run("GA4 1 in 2 answered 503", db, "ga4", conversions, "two", VISITORS, 10,
                    () -> accepted(receiver));

            assertThat(failedAtSeven).as("503s answered at 1 in 7").isPositive();
            assertThat(failed.get()).isGreaterThan(failedAtSeven);
            assertThat(oneInSeven).as("1 in 7 (median %d ms of %s) vs error-free (median %d ms of %s); 1 in 2: %d ms",
                    oneInSeven, Arrays.toString(sevens), clean, Arrays.toString(cleans), oneInTwo)
                    .isLessThanOrEqualTo(2 * clean);
            assertThat(receiver.violations).isEmpty();
            assertThat(TestContainer.counter(MetricNames.SINK_FAILURES, new Tag("sink", "ga4"),
                    new Tag("exception", "http_503")))
                    .isEqualTo(TestContainer.counter(MetricNames.SINK_RETRIED, new Tag("sink", "ga4"))).isPositive();
        }
    }

    @Test
    void retryAfterIsHonouredNoRequestComesBeforeIt() throws Exception {
        DataSource db = Databases.derby();
        try (Ga4Receiver receiver = new Ga4Receiver(); TestContainer c = container(db, receiver, "1000")) {
            List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
            receiver.behaviour = n -> {
                arrivals.add(System.currentTimeMillis());
                return n == 1 ? new Answer(429, 0, "", "2") : Answer.ok();
            };
            MicroConversions conversions = c.bean(MicroConversions.class);
            for (String v : List.of("va", "vb", "vc")) {
                CurrentVisitor.set(new VisitorContext(v, "s-" + v, null, null, Map.of()));
                conversions.record("add-to-cart");
            }
            CurrentVisitor.clear();

            await().atMost(Duration.ofSeconds(20)).until(() -> Databases.queryLong(db,
                    "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'") == 3);
            assertThat(arrivals).hasSizeGreaterThan(1);
            assertThat(arrivals.get(1) - arrivals.get(0)).as("next request after Retry-After: 2")
                    .isGreaterThanOrEqualTo(2_000);
            assertThat(receiver.events()).hasSize(3);
        }
    }

    @Test
    void aFourHundredDeadLettersItsConversionWithTheReasonAndTheOthersAreDelivered() throws Exception {
        DataSource db = Databases.derby();
        try (Ga4Receiver receiver = new Ga4Receiver(); TestContainer c = container(db, receiver, "1000")) {
            receiver.behaviour = n -> Answer.ok();
            Ga4Receiver.Answer bad = new Answer(400, 0, "{\"error\":\"bad event\"}");
            java.util.function.IntFunction<Answer> ok = receiver.behaviour;
            List<String> badIds = new java.util.concurrent.CopyOnWriteArrayList<>();
            MicroConversions conversions = c.bean(MicroConversions.class);
            receiver.behaviour = n -> receiver.lastClientId().equals("vbad") ? bad : ok.apply(n);
            for (String v : List.of("va", "vbad", "vb")) {
                CurrentVisitor.set(new VisitorContext(v, "s-" + v, null, null, Map.of()));
                String id = conversions.record("add-to-cart").orElseThrow().toString();
                if (v.equals("vbad")) {
                    badIds.add(id);
                }
            }
            CurrentVisitor.clear();

            await().atMost(Duration.ofSeconds(20)).until(() -> Databases.queryLong(db,
                    "SELECT COUNT(*) FROM mc_outbox WHERE status <> 'owed'") == 3);
            assertThat(Databases.rows(db, "SELECT event_id, last_error FROM mc_outbox WHERE status = 'dead'"))
                    .containsExactly(List.of(badIds.get(0), "GA4 answered 400: {\"error\":\"bad event\"}"));
            assertThat(receiver.events()).extracting(Received::clientId).containsExactlyInAnyOrder("va", "vb");
        }
    }

    @Test
    void aMisconfiguredSinkIsHeldNothingIsDeadLetteredAndAllIsDeliveredOnceFixed() throws Exception {
        DataSource db = Databases.derby();
        try (CapturedLog log = CapturedLog.of(SinkForwarder.class);
                Ga4Receiver receiver = new Ga4Receiver();
                TestContainer c = container(db, receiver, "2")) {
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean fixed = new AtomicBoolean();
            receiver.behaviour = n -> {
                if (fixed.get()) {
                    return Answer.ok();
                }
                refused.incrementAndGet();
                return new Answer(401, 0, "");
            };
            MicroConversions conversions = c.bean(MicroConversions.class);
            for (int i = 0; i < 10; i++) {
                CurrentVisitor.set(new VisitorContext("v" + (i % 3), "s", null, null, Map.of()));
                conversions.record("add-to-cart");
            }
            CurrentVisitor.clear();
            await().atMost(Duration.ofSeconds(20)).until(() -> refused.get() >= 5); // more than max-attempts (2)
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'dead'")).isZero();
            assertThat(Databases.queryLong(db, "SELECT MAX(attempts) FROM mc_outbox")).isZero();
            assertThat(TestContainer.counter(MetricNames.SINK_FAILURES, new Tag("sink", "ga4"),
                    new Tag("exception", "http_401")))
                    .isPositive();

            fixed.set(true);
            await().atMost(Duration.ofSeconds(20)).until(() -> Databases.queryLong(db,
                    "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'") == 10);
            assertThat(receiver.events()).hasSize(10);
            List<String> warnings = log.messages(Level.WARNING);
            assertThat(warnings).hasSize(1).first().asString().contains("Sink ga4 is held").contains("http_401");
            assertThat(log.records()).allSatisfy(r -> assertThat(r.getMessage()).doesNotContain(Ga4Receiver.API_SECRET)
                    .doesNotContain("api_secret").doesNotContain(Ga4Receiver.MEASUREMENT_ID + "&"));
        }
    }
}
