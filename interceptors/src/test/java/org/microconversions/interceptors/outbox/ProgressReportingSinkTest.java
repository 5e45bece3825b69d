package org.microconversions.interceptors.outbox;

import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings.OutboxSettings;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryProgress;
import org.microconversions.spi.DeliveryResult;

import javax.sql.DataSource;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sink that sends a batch as several requests reports each accepted one through
 * {@link DeliveryProgress}: the outbox records those events as delivered at once, so when the
 * batch dies half-way (here: the sink throws, as a process killed mid-batch would leave it), only
 * the events never accepted are sent again, and a stale instance's report changes nothing.
 */
class ProgressReportingSinkTest {

    private static final OutboxSettings SETTINGS = new OutboxSettings(Duration.ofSeconds(1), 5,
            Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofDays(7), Duration.ofSeconds(30));

    private final MutableClock clock = new MutableClock();
    private DataSource db;
    private TestContainer container;
    private OutboxTable table;

    @BeforeEach
    void start() throws Exception {
        db = Databases.derby();
        container = TestContainer.builder(db).executor(task -> {
        }).beans(RequestPerEventSink.class).start();
        table = container.bean(JdbcEventStore.class).outbox();
    }

    @AfterEach
    void stop() {
        container.close();
    }

    /** One "request" per event; {@code crashAfter} accepted requests, then the batch dies. */
    @Singleton
    public static class RequestPerEventSink implements ConversionSink {
        final Map<UUID, Integer> sent = new HashMap<>();
        BiFunction<Integer, DeliveryProgress, Boolean> beforeRequest = (n, p) -> true;
        int crashAfter = Integer.MAX_VALUE;

        @Override
        public String name() {
            return "requests";
        }

        @Override
        public DeliveryResult deliver(List<MicroConversionEvent> batch) {
            throw new AssertionError("the forwarder reports progress");
        }

        @Override
        public DeliveryResult deliver(List<MicroConversionEvent> batch, DeliveryProgress progress) {
            int n = 0;
            for (MicroConversionEvent e : batch) {
                if (n == crashAfter) {
                    throw new IllegalStateException("the process died here");
                }
                if (!beforeRequest.apply(n, progress)) {
                    break;
                }
                sent.merge(e.id(), 1, Integer::sum);
                if (!progress.delivered(List.of(e.id()))) {
                    break; // lease lost: stop sending
                }
                n++;
            }
            return DeliveryResult.delivered();
        }
    }

    private long sent(String sink) {
        return Databases.queryLong(db,
                "SELECT COUNT(*) FROM mc_outbox WHERE sink = '" + sink + "' AND status = 'sent'");
    }

    @Test
    void acceptedRequestsAreRecordedAtOnceAndABatchThatDiesResendsOnlyTheRest() throws Exception {
        RequestPerEventSink sink = container.bean(RequestPerEventSink.class);
        List<UUID> ids = container.persistOnePerVisitor(6);
        List<Long> sentBeforeRequest = new ArrayList<>();
        sink.beforeRequest = (n, p) -> {
            sentBeforeRequest.add(sent("requests"));
            return true;
        };
        sink.crashAfter = 4;
        SinkForwarder f = new SinkForwarder(sink, table, SETTINGS, clock, "a", new ForwardingListener() {
        },
                new Random(1));

        f.runOnce();

        assertThat(sentBeforeRequest).as("each accepted request recorded before the next one is sent")
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(sent("requests")).as("the four accepted before the batch died").isEqualTo(4);

        clock.advance(Duration.ofMinutes(1));
        sink.crashAfter = Integer.MAX_VALUE;
        f.runOnce();

        assertThat(sent("requests")).isEqualTo(6);
        assertThat(sink.sent).containsOnlyKeys(ids);
        assertThat(sink.sent.values()).as("every event sent exactly once").allMatch(times -> times == 1);
    }

    @Test
    void aReportAfterTheLeaseWasTakenOverIsNotRecordedAndTheSinkStops() throws Exception {
        RequestPerEventSink sink = container.bean(RequestPerEventSink.class);
        container.persistOnePerVisitor(6);
        SinkForwarder a = new SinkForwarder(sink, table, SETTINGS, clock, "a", new ForwardingListener() {
        },
                new Random(1));
        SinkForwarder b = new SinkForwarder(sink, table, SETTINGS, clock, "b", new ForwardingListener() {
        },
                new Random(2));
        sink.beforeRequest = (n, p) -> {
            if (n == 2) { // a stalls past its lease; b takes the sink over
                clock.advance(Duration.ofMinutes(1));
                try {
                    assertThat(b.lease().acquire()).isNotNull();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return true;
        };

        a.runOnce();

        assertThat(sent("requests")).as("a's two reports before the takeover").isEqualTo(2);
        assertThat(sink.sent).as("a sent a third request, whose report was refused, then stopped").hasSize(3);

        sink.beforeRequest = (n, p) -> true;
        b.runOnce();
        assertThat(sent("requests")).isEqualTo(6);
        assertThat(sink.sent.values().stream().filter(times -> times == 2).count())
                .as("only the request in flight at the takeover went twice").isEqualTo(1);
    }
}
