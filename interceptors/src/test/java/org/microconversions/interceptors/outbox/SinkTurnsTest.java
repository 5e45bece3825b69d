package org.microconversions.interceptors.outbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two slow sinks with a backlog each, forwarded by the real {@link OutboxForwarder}: they take turns
 * within one run, so neither waits for the other's whole backlog (before turns, the second sink got
 * its first batch only after all 12 of the first sink's).
 */
class SinkTurnsTest {

    private static final int EVENTS = 120;
    private static final int BATCH = 10;

    private DataSource db;
    private TestContainer container;

    @BeforeEach
    void start() {
        db = Databases.derby();
        container = TestContainer.builder(db)
                // no polling run that could start before the backlog is committed and see one sink's
                // rows only: the store's wake-up after its commit starts the one run
                .config(ConfigKeys.OUTBOX_POLL_INTERVAL, "1h")
                .beans(BlockingSink.class, OtherBlockingSink.class).start();
    }

    @AfterEach
    void stop() {
        container.close();
    }

    @Test
    void aSinkWithABacklogDelaysAnotherSinkByOneTurnNotByItsWholeBacklog() throws Exception {
        BlockingSink one = container.bean(BlockingSink.class).blockMillis(60).maxBatch(BATCH);
        BlockingSink other = container.bean(OtherBlockingSink.class).blockMillis(60).maxBatch(BATCH);
        container.persistOnePerVisitor(EVENTS);

        await().atMost(Duration.ofSeconds(30)).until(
                () -> Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'sent'") == 2L * EVENTS);

        int batches = EVENTS / BATCH;
        assertThat(one.callStarts()).hasSize(batches);
        assertThat(other.callStarts()).hasSize(batches);
        // whichever sink went first, the other began within one turn of it
        assertFirstCallWithinOneTurn(one, other);
        assertFirstCallWithinOneTurn(other, one);
    }

    private static void assertFirstCallWithinOneTurn(BlockingSink a, BlockingSink b) {
        long firstOfB = b.callStarts().get(0);
        long callsOfABefore = a.callStarts().stream().filter(t -> t < firstOfB).count();
        assertThat(callsOfABefore).as("%s batches before %s's first", a.name(), b.name())
                .isLessThanOrEqualTo(OutboxForwarder.BATCHES_PER_TURN);
    }
}
