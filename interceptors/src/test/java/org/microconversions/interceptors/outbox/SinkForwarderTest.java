package org.microconversions.interceptors.outbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings.OutboxSettings;
import org.microconversions.interceptors.store.EventStore;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.microconversions.interceptors.support.CapturedLog;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.spi.DeliveryResult.Failure;

import javax.sql.DataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forwarding rules, driven by hand with a clock the test controls. The container's own
 * executor never runs, so only the forwarders created here forward.
 */
class SinkForwarderTest {

    private static final OutboxSettings SETTINGS = new OutboxSettings(Duration.ofSeconds(1), 3,
            Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofDays(7), Duration.ofSeconds(30));

    private final MutableClock clock = new MutableClock();
    private final Random random = new Random(42);
    private DataSource db;
    private TestContainer container;
    private RecordingSink sink;
    private OutboxTable table;
    private EventStore store;
    private int seq;

    @BeforeEach
    void start() throws Exception {
        db = Databases.derby();
        container = TestContainer.builder(db).executor(task -> {
        }).beans(RecordingSink.class).start();
        sink = container.bean(RecordingSink.class);
        store = container.bean(EventStore.class);
        table = container.bean(JdbcEventStore.class).outbox();
    }

    @AfterEach
    void stop() {
        container.close();
    }

    private SinkForwarder forwarder(String holder) {
        return new SinkForwarder(sink, table, SETTINGS, clock, holder, new ForwardingListener() {
        }, random);
    }

    private List<UUID> persist(int n, String name) throws Exception {
        return persist(n, name, "visitor-0123456789");
    }

    private List<UUID> persist(int n, String name, String visitor) throws Exception {
        List<MicroConversionEvent> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // ids in recording order, as UUIDv7 would be
            batch.add(MicroConversionEvent.builder()
                    .id(new UUID(0x0190_0000_0000_7000L + seq, 0x8000_0000_0000_0000L + seq++))
                    .name(name).visitorId(visitor).timestamp(Instant.now()).build());
        }
        store.store(batch);
        return batch.stream().map(MicroConversionEvent::id).toList();
    }

    private List<UUID> receivedIds() {
        return sink.received().stream().map(MicroConversionEvent::id).toList();
    }

    private long status(String status) {
        return Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = '" + status + "'");
    }

    @Test
    void deliversOwedConversionsInRecordingOrderAndMarksThemSent() throws Exception {
        List<UUID> ids = persist(250, "add-to-cart");

        assertThat(forwarder("a").runOnce()).isEqualTo(250);

        assertThat(receivedIds()).containsExactlyElementsOf(ids);
        assertThat(sink.calls()).hasSize(3); // batches of at most 100
        assertThat(status("sent")).isEqualTo(250);
        assertThat(forwarder("a").runOnce()).isZero();
    }

    @Test
    void failedBatchWaitsForItsBackoffAndNothingNewerOvertakesIt() throws Exception {
        List<UUID> first = persist(3, "add-to-cart");
        sink.failNext(2);
        SinkForwarder f = forwarder("a");

        assertThat(f.runOnce()).isZero(); // attempt 1 fails
        List<UUID> later = persist(2, "purchase");
        assertThat(f.runOnce()).as("still backing off").isZero();
        assertThat(sink.calls()).hasSize(1);

        clock.advance(Duration.ofMillis(1001)); // backoff after attempt 1 is 0.5 to 1 s
        assertThat(f.runOnce()).isZero(); // attempt 2 fails
        clock.advance(Duration.ofMillis(2001)); // then 1 to 2 s
        assertThat(f.runOnce()).isEqualTo(5);

        List<UUID> all = new ArrayList<>(first);
        all.addAll(later);
        assertThat(receivedIds()).containsExactlyElementsOf(all);
        assertThat(sink.calls().get(0)).containsExactlyElementsOf(first);
        assertThat(Databases.queryLong(db, "SELECT MAX(attempts) FROM mc_outbox")).isEqualTo(2);
    }

    @Test
    void rejectedConversionsAreDeadLetteredWithoutHoldingBackTheOthers() throws Exception {
        persist(2, "add-to-cart");
        persist(1, "bad-event");
        List<UUID> after = persist(2, "share");
        sink.reject("bad-event", "forbidden by destination");

        assertThat(forwarder("a").runOnce()).isEqualTo(5);

        assertThat(sink.received()).hasSize(4);
        assertThat(receivedIds()).endsWith(after.toArray(UUID[]::new));
        assertThat(status("dead")).isEqualTo(1);
        assertThat(Databases.rows(db, "SELECT last_error FROM mc_outbox WHERE status = 'dead'"))
                .containsExactly(List.of("forbidden by destination"));
    }

    @Test
    void batchOutOfAttemptsIsDeadLetteredAndCanBeReplayed() throws Exception {
        List<UUID> ids = persist(2, "add-to-cart");
        sink.failNext(3);
        SinkForwarder f = forwarder("a");
        for (int attempt = 0; attempt < 3; attempt++) {
            f.runOnce();
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(status("dead")).isEqualTo(2);
        assertThat(sink.received()).isEmpty();

        assertThat(table.replayDead("recording", clock.millis())).isEqualTo(2);
        assertThat(f.runOnce()).isEqualTo(2);
        assertThat(receivedIds()).containsExactlyElementsOf(ids);
    }

    @Test
    void onlyTheLeaseHolderForwardsUntilItsLeaseExpires() throws Exception {
        persist(1, "add-to-cart");
        assertThat(forwarder("a").runOnce()).isEqualTo(1);

        persist(1, "share");
        assertThat(forwarder("b").runOnce()).as("a still holds the lease").isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(forwarder("b").runOnce()).isEqualTo(1);
        assertThat(sink.received()).hasSize(2);
    }

    @Test
    void aRestartedInstanceWithTheSameIdentityForwardsAtOnceWithoutWaitingForItsLease() throws Exception {
        persist(1, "add-to-cart");
        SinkForwarder beforeCrash = forwarder("shop-1");
        assertThat(beforeCrash.runOnce()).isEqualTo(1); // holds the lease for 30 s, then is killed

        persist(1, "share");
        assertThat(forwarder("shop-2").runOnce()).as("another instance waits for the lease").isZero();
        SinkForwarder restarted = forwarder("shop-1"); // same identity, new process, same clock instant
        assertThat(restarted.runOnce()).isEqualTo(1);

        assertThat(sink.received()).hasSize(2);
        assertThat(Databases.queryLong(db, "SELECT epoch FROM mc_sink_lease")).as("a new epoch fences the old process")
                .isEqualTo(2);
        persist(1, "purchase");
        assertThat(beforeCrash.runOnce()).as("the old process, were it still alive, does not take it back").isZero();
        assertThat(restarted.runOnce()).isEqualTo(1);
    }

    @Test
    void purgeDeletesFinishedRowsOlderThanTheRetentionButNeverOwedOnes() throws Exception {
        persist(2, "add-to-cart");
        assertThat(forwarder("a").runOnce()).isEqualTo(2);
        persist(1, "share"); // still owed
        long doneAt = Databases.queryLong(db, "SELECT MAX(done_at) FROM mc_outbox");

        assertThat(table.purge(doneAt)).as("nothing finished before the cut-off").isZero();
        assertThat(table.purge(doneAt + 1)).isEqualTo(2);

        assertThat(Databases.rows(db, "SELECT status FROM mc_outbox")).containsExactly(List.of("owed"));
    }

    private long attempts(UUID id) {
        return Databases.queryLong(db, "SELECT attempts FROM mc_outbox WHERE event_id = '" + id + "'");
    }

    private List<UUID> callIds() {
        return sink.calls().stream().flatMap(List::stream).toList();
    }

    @Test
    void aFailedConversionBacksOffAloneWhileOtherVisitorsGoOn() throws Exception {
        UUID a1 = persist(1, "add-to-cart", "va").get(0);
        UUID b1 = persist(1, "add-to-cart", "vb").get(0);
        UUID a2 = persist(1, "share", "va").get(0);
        UUID b2 = persist(1, "share", "vb").get(0);
        sink.maxBatch(1)
                .script((e, before) -> e.id().equals(a1) && before == 0 ? Failure.retry("http_503", "503") : null);
        SinkForwarder f = forwarder("a");

        assertThat(f.runOnce()).isEqualTo(2);

        assertThat(receivedIds()).containsExactly(b1, b2);
        assertThat(callIds()).as("a2 is not handed over while a1 waits").containsExactly(a1, b1, b2);
        assertThat(attempts(a1)).isEqualTo(1);
        assertThat(attempts(a2)).isZero();

        clock.advance(Duration.ofMillis(1001));
        assertThat(f.runOnce()).isEqualTo(2);
        assertThat(receivedIds()).containsExactly(b1, b2, a1, a2);
        assertThat(status("sent")).isEqualTo(4);
    }

    @Test
    void inABatchTheAcceptedConversionsAreMarkedSentAndOnlyTheFailedOnesAreSentAgain() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int v = 0; v < 10; v++) {
            ids.addAll(persist(2, "add-to-cart", "visitor-" + v));
        }
        UUID failing = ids.get(4); // visitor-2's first; its second must wait for it
        sink.script((e, before) -> e.id().equals(failing) && before < 2 ? Failure.retry("timeout", "no answer") : null);
        SinkForwarder f = forwarder("a");

        assertThat(f.runOnce()).isEqualTo(18);
        clock.advance(Duration.ofMillis(1001));
        assertThat(f.runOnce()).isZero();
        clock.advance(Duration.ofMillis(2001));
        assertThat(f.runOnce()).isEqualTo(2);

        assertThat(receivedIds()).as("each accepted once").doesNotHaveDuplicates().hasSize(20)
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(callIds().stream().filter(failing::equals)).hasSize(3);
        assertThat(callIds().stream().filter(ids.get(0)::equals)).as("accepted at once, never again").hasSize(1);
        assertThat(receivedIds().indexOf(ids.get(5))).isGreaterThan(receivedIds().indexOf(failing));
        assertThat(attempts(failing)).isEqualTo(2);
    }

    @Test
    void aConversionOutOfAttemptsIsDeadLetteredAloneAndItsVisitorGoesOn() throws Exception {
        List<UUID> a = persist(2, "add-to-cart", "va");
        UUID b = persist(1, "add-to-cart", "vb").get(0);
        sink.script((e, before) -> e.id().equals(a.get(0)) ? Failure.retry("http_500", "always 500") : null);
        SinkForwarder f = forwarder("a");
        for (int attempt = 0; attempt < 3; attempt++) {
            f.runOnce();
            clock.advance(Duration.ofSeconds(10));
        }
        f.runOnce();

        assertThat(Databases.rows(db, "SELECT event_id, last_error FROM mc_outbox WHERE status = 'dead'"))
                .containsExactly(List.of(a.get(0).toString(), "gave up after 3 attempts: always 500"));
        assertThat(receivedIds()).containsExactly(b, a.get(1));
    }

    @Test
    void retryAfterPausesTheWholeSinkUntilThen() throws Exception {
        UUID a = persist(1, "add-to-cart", "va").get(0);
        Instant notBefore = Instant.ofEpochMilli(clock.millis()).plusSeconds(5);
        sink.script((e,
                before) -> before == 0 && e.id().equals(a) ? Failure.retry("http_429", "slow down", notBefore) : null);
        SinkForwarder f = forwarder("a");
        f.runOnce();
        persist(1, "share", "vb");

        clock.advance(Duration.ofMillis(4_999));
        assertThat(f.runOnce()).isZero();
        assertThat(sink.calls()).as("no call before Retry-After, not even for another visitor").hasSize(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(f.runOnce()).isEqualTo(2);
        assertThat(Databases.queryLong(db, "SELECT next_attempt_at FROM mc_outbox WHERE event_id = '" + a + "'"))
                .isGreaterThanOrEqualTo(notBefore.toEpochMilli());
    }

    @Test
    void aHeldSinkNeverDeadLettersNorCountsAttemptsAndDeliversOnceFixed() throws Exception {
        List<UUID> ids = persist(3, "add-to-cart", "va");
        ids = new ArrayList<>(ids);
        ids.addAll(persist(2, "add-to-cart", "vb"));
        boolean[] fixed = {false};
        sink.script((e, before) -> fixed[0] ? null : Failure.hold("http_401", "GA4 answered 401"));
        SinkForwarder f = forwarder("a");
        for (int i = 0; i < 10; i++) { // far more than max-attempts (3)
            f.runOnce();
            assertThat(f.pausedUntil()).isGreaterThan(clock.millis());
            clock.advance(Duration.ofSeconds(9));
        }
        assertThat(sink.calls()).as("one probe per hold backoff").hasSize(10);
        assertThat(status("dead")).isZero();
        assertThat(Databases.queryLong(db, "SELECT MAX(attempts) FROM mc_outbox")).isZero();

        fixed[0] = true;
        assertThat(f.runOnce()).isEqualTo(5);
        assertThat(receivedIds()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aSinkThatIsDownGetsAFewCallsPerBackoffNotOnePerVisitor() throws Exception {
        for (int v = 0; v < 20; v++) {
            persist(1, "add-to-cart", "visitor-" + v);
        }
        sink.maxBatch(1).failNext(1000);
        SinkForwarder f = forwarder("a");

        assertThat(f.runOnce()).isZero();
        assertThat(sink.calls()).hasSize(SinkForwarder.PAUSE_AFTER_FAILED_CALLS);
        assertThat(f.runOnce()).as("paused").isZero();
        assertThat(sink.calls()).hasSize(SinkForwarder.PAUSE_AFTER_FAILED_CALLS);

        clock.advance(Duration.ofMillis(1001));
        sink.failNext(0);
        assertThat(f.runOnce()).isEqualTo(20);
    }

    @Test
    void aFailingSinkLogsOneWarningPerMinuteWithTheLastFailureAndOneInfoWhenItRecovers() throws Exception {
        try (CapturedLog log = CapturedLog.of(SinkForwarder.class, Level.INFO)) {
            int[] status = {503};
            sink.script((e, before) -> status[0] == 0
                    ? null
                    : Failure.retry("http_" + status[0], "webhook answered " + status[0]));
            SinkForwarder f = forwarder("a");
            for (int i = 0; i < 12; i++) { // one failure every 10 s for 2 minutes
                persist(1, "add-to-cart", "visitor-" + i);
                status[0] = i < 6 ? 503 : 502;
                f.runOnce();
                clock.advance(Duration.ofSeconds(10));
            }
            List<String> warnings = log.messages(Level.WARNING);
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0)).contains("Sink recording is failing").contains("http_503 webhook answered 503");
            assertThat(warnings.get(1))
                    .containsPattern("[1-9][0-9]* failed conversion\\(s\\) since the last such warning")
                    .contains("http_502 webhook answered 502");
            assertThat(log.messages(Level.INFO)).isEmpty();

            status[0] = 0;
            clock.advance(Duration.ofSeconds(60));
            f.runOnce();
            persist(1, "share", "visitor-x");
            f.runOnce();
            assertThat(log.messages(Level.INFO)).singleElement().asString()
                    .matches("Sink recording delivers again, after [1-9][0-9]* failed conversion\\(s\\)");
        }
    }

    @Test
    void deadLettersAreKeptByThePurgeUntilAnOperatorActs() throws Exception {
        persist(1, "bad-event");
        persist(1, "add-to-cart");
        sink.reject("bad-event", "forbidden by destination");
        assertThat(forwarder("a").runOnce()).isEqualTo(2);

        assertThat(table.purge(clock.millis() + Duration.ofDays(30).toMillis())).isEqualTo(1);

        assertThat(Databases.rows(db, "SELECT status, last_error FROM mc_outbox"))
                .containsExactly(List.of("dead", "forbidden by destination"));
    }

    @Test
    void backoffDoublesWithJitterAndIsCapped() {
        SinkForwarder f = forwarder("a");
        for (int attempt = 1; attempt <= 40; attempt++) {
            long exp = Math.min(8000, 1000L << Math.min(attempt - 1, 30));
            long wait = f.backoff(attempt);
            assertThat(wait).as("attempt %d", attempt).isBetween(exp / 2, exp);
        }
    }
}
