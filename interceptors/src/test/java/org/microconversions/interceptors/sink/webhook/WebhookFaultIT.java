package org.microconversions.interceptors.sink.webhook;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversions;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.metrics.MetricNames;
import org.microconversions.interceptors.outbox.SinkForwarder;
import org.microconversions.interceptors.sink.webhook.WebhookReceiver.Answer;
import org.microconversions.interceptors.sink.webhook.WebhookReceiver.Received;
import org.microconversions.interceptors.support.CapturedLog;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.ErrorRateRun;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import javax.sql.DataSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

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
                        .fastForwarding()
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

    private static TestContainer container(DataSource db, WebhookReceiver receiver, String maxAttempts,
            String batchSize) {
        return TestContainer.builder(db)
                .fastForwarding()
                .config("microconversions.outbox.max-attempts", maxAttempts)
                .config(WebhookConfig.ENABLED, "true")
                .config(WebhookConfig.URL, receiver.url() + "?token=hook-token-42")
                .config(WebhookConfig.SECRET, WebhookReceiver.SECRET)
                .config(WebhookConfig.TIMEOUT, "2s")
                .config(WebhookConfig.BATCH_SIZE, batchSize)
                .beans(WebhookSink.class).start();
    }

    private static List<ErrorRateRun.Accepted> accepted(WebhookReceiver receiver) {
        return receiver.accepted().stream()
                .map(r -> new ErrorRateRun.Accepted(r.data().getString("visitorId"), r.id())).toList();
    }

    @Test
    void cleanFailuresOfOneRequestInSevenAndInTwoDeliverEveryConversionOnceAndQuickly() throws Exception {
        errorRates("1");
    }

    @Test
    void cleanFailuresOfOneRequestInSevenAndInTwoWithBatchesOfTen() throws Exception {
        errorRates("10");
    }

    /**
     * A clean 503 to every 7th, then every 2nd message: every conversion arrives exactly once, in
     * order per visitor, and at 1 in 7 within twice the error-free time measured in the same run.
     */
    private void errorRates(String batchSize) throws Exception {
        DataSource db = Databases.derby();
        try (WebhookReceiver receiver = new WebhookReceiver();
                TestContainer c = container(db, receiver, "1000", batchSize)) {
            AtomicInteger failEvery = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            receiver.behaviour = (n, m) -> {
                int k = failEvery.get();
                if (k > 0 && n % k == 0) {
                    failed.incrementAndGet();
                    return new Answer(503, 0);
                }
                return new Answer(204, 0);
            };
            MicroConversions conversions = c.bean(MicroConversions.class);
            String label = "webhook (batch-size " + batchSize + ") ";
            ErrorRateRun.run(label + "warm-up", db, "webhook", conversions, "warm", 20, 5, () -> accepted(receiver));
            // interleaved, medians compared: a load spike on a shared machine in one phase does not decide
            long[] cleans = new long[ErrorRateRun.INTERLEAVED_ROUNDS];
            long[] sevens = new long[ErrorRateRun.INTERLEAVED_ROUNDS];
            for (int round = 0; round < cleans.length; round++) {
                failEvery.set(0);
                cleans[round] = ErrorRateRun.run(label + "error-free", db, "webhook", conversions, "clean" + round, 70,
                        10, () -> accepted(receiver));
                failEvery.set(7);
                sevens[round] = ErrorRateRun.run(label + "1 in 7 answered 503", db, "webhook", conversions,
                        "seven" + round, 70, 10, () -> accepted(receiver));
            }
            long clean = ErrorRateRun.median(cleans);
            long oneInSeven = ErrorRateRun.median(sevens);
            int failedAtSeven = failed.get();
            failEvery.set(2);
            long oneInTwo = ErrorRateRun.run(label + "1 in 2 answered 503", db, "webhook", conversions, "two", 70, 10,
                    () -> accepted(receiver));

            assertThat(failedAtSeven).isPositive();
            assertThat(failed.get()).isGreaterThan(failedAtSeven);
            assertThat(oneInSeven).as("1 in 7 (median %d ms of %s) vs error-free (median %d ms of %s); 1 in 2: %d ms",
                    oneInSeven, Arrays.toString(sevens), clean, Arrays.toString(cleans), oneInTwo)
                    .isLessThanOrEqualTo(2 * clean);
            assertThat(receiver.violations).isEmpty();
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredNoRequestComesBeforeIt() throws Exception {
        DataSource db = Databases.derby();
        try (WebhookReceiver receiver = new WebhookReceiver(); TestContainer c = container(db, receiver, "1000", "1")) {
            List<Long> arrivals = new CopyOnWriteArrayList<>();
            AtomicLong notBefore = new AtomicLong();
            receiver.behaviour = (n, m) -> {
                arrivals.add(System.currentTimeMillis());
                if (n == 1) {
                    Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
                    notBefore.set(at.toEpochMilli());
                    return new Answer(503, 0, DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
                }
                return new Answer(204, 0);
            };
            MicroConversions conversions = c.bean(MicroConversions.class);
            for (String v : List.of("va", "vb", "vc")) {
                CurrentVisitor.set(new VisitorContext(v, "s-" + v, null, null, Map.of()));
                conversions.record("share");
            }
            CurrentVisitor.clear();

            await().atMost(Duration.ofSeconds(20)).until(() -> Databases.queryLong(db,
                    "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'") == 3);
            assertThat(arrivals).hasSizeGreaterThan(1);
            assertThat(arrivals.get(1)).as("no request before the Retry-After date")
                    .isGreaterThanOrEqualTo(notBefore.get());
            assertThat(receiver.accepted()).hasSize(3);
        }
    }

    @Test
    void aFourHundredDeadLettersItsConversionWithTheReasonAndTheOthersAreDelivered() throws Exception {
        DataSource db = Databases.derby();
        try (WebhookReceiver receiver = new WebhookReceiver();
                TestContainer c = container(db, receiver, "1000", "10")) {
            receiver.behaviour = (n, m) -> new Answer("purchase".equals(m.data().getString("name")) ? 400 : 204, 0);
            MicroConversions conversions = c.bean(MicroConversions.class);
            CurrentVisitor.set(new VisitorContext("va", "s", null, null, Map.of()));
            String bad;
            try {
                conversions.record("share");
                bad = conversions.record("purchase").orElseThrow().toString();
                conversions.record("share");
            } finally {
                CurrentVisitor.clear();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> Databases.queryLong(db,
                    "SELECT COUNT(*) FROM mc_outbox WHERE status <> 'owed'") == 3);
            assertThat(Databases.rows(db, "SELECT event_id, last_error FROM mc_outbox WHERE status = 'dead'"))
                    .containsExactly(List.of(bad, "webhook answered 400"));
            assertThat(receiver.accepted()).hasSize(2);
        }
    }

    @Test
    void aMisconfiguredSinkIsHeldNothingIsDeadLetteredAndAllIsDeliveredOnceFixed() throws Exception {
        for (int status : new int[]{404, 403}) {
            DataSource db = Databases.derby();
            try (CapturedLog log = CapturedLog.of(SinkForwarder.class);
                    WebhookReceiver receiver = new WebhookReceiver();
                    TestContainer c = container(db, receiver, "2", "1")) {
                AtomicInteger refused = new AtomicInteger();
                AtomicBoolean fixed = new AtomicBoolean();
                receiver.behaviour = (n, m) -> {
                    if (fixed.get()) {
                        return new Answer(204, 0);
                    }
                    refused.incrementAndGet();
                    return new Answer(status, 0);
                };
                MicroConversions conversions = c.bean(MicroConversions.class);
                for (int i = 0; i < 10; i++) {
                    CurrentVisitor.set(new VisitorContext("v" + (i % 3), "s", null, null, Map.of()));
                    conversions.record("share");
                }
                CurrentVisitor.clear();
                await().atMost(Duration.ofSeconds(20)).until(() -> refused.get() >= 5); // more than max-attempts (2)
                assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'dead'")).isZero();
                assertThat(Databases.queryLong(db, "SELECT MAX(attempts) FROM mc_outbox")).isZero();

                fixed.set(true);
                await().atMost(Duration.ofSeconds(20)).until(() -> Databases.queryLong(db,
                        "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'") == 10);
                assertThat(receiver.accepted()).hasSize(10);
                assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("Sink webhook is held")
                        .contains("http_" + status);
                assertThat(log.records()).allSatisfy(r -> assertThat(r.getMessage()).doesNotContain("hook-token-42")
                        .doesNotContain(WebhookReceiver.SECRET).doesNotContain(receiver.url().toString()));
            }
        }
    }
}
