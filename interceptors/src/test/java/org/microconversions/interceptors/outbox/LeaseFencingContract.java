package org.microconversions.interceptors.outbox;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.store.Schema;
import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease's SQL on a real database: the epoch rises on every acquisition and not on renewals,
 * and every status change made under a lease that is no longer current changes nothing. One
 * subclass per database.
 */
abstract class LeaseFencingContract {

    private static final String SINK = "webhook";
    private static final long NOW = 1_000_000L;
    private static final long LEASE = 60_000L;

    private DataSource db;
    private OutboxTable table;

    /** @return a fresh, empty database */
    abstract DataSource database() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        db = database();
        Dialect d;
        try (Connection c = db.getConnection()) {
            d = Dialect.of(c);
        }
        Schema.migrate(db, d);
        table = new OutboxTable(db, d, 5);
    }

    private UUID owed() throws SQLException {
        UUID id = UUID.randomUUID();
        execute("INSERT INTO mc_outbox (sink, event_id, status, attempts, next_attempt_at, created_at)"
                + " VALUES ('" + SINK + "', '" + id + "', 'owed', 0, 0, 0)");
        return id;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private List<String> row(UUID id) {
        return Databases.rows(db, "SELECT status, attempts, last_error FROM mc_outbox WHERE event_id = '" + id + "'")
                .get(0);
    }

    private List<String> lease() {
        return Databases.rows(db, "SELECT holder, epoch, lease_until FROM mc_sink_lease WHERE sink = '" + SINK + "'")
                .get(0);
    }

    private Lease take(String holder, Lease known, boolean restarted, long now) throws SQLException {
        return table.acquireLease(SINK, holder, known, restarted, now, now + LEASE);
    }

    @Test
    void theFirstAcquisitionIsEpochOneAndRenewalsKeepTheEpoch() throws Exception {
        Lease a = take("a", null, true, NOW);
        assertThat(a).isEqualTo(new Lease(SINK, "a", 1, NOW + LEASE));

        Lease renewed = table.renewLease(a, NOW + 2 * LEASE);
        assertThat(renewed).isEqualTo(new Lease(SINK, "a", 1, NOW + 2 * LEASE));
        Lease again = take("a", renewed, false, NOW + 10);
        assertThat(again.epoch()).as("taking a lease one holds renews it").isEqualTo(1);
        assertThat(lease()).containsExactly("a", "1", Long.toString(NOW + 10 + LEASE));
    }

    @Test
    void anotherHolderWaitsForExpiryThenTakesOverWithTheNextEpoch() throws Exception {
        Lease a = take("a", null, true, NOW);

        assertThat(take("b", null, true, NOW + LEASE - 1)).as("a's lease still runs").isNull();
        Lease b = take("b", null, true, NOW + LEASE + 1);

        assertThat(b).isEqualTo(new Lease(SINK, "b", 2, NOW + 2 * LEASE + 1));
        assertThat(table.renewLease(a, NOW + 3 * LEASE)).as("a lost it").isNull();
        assertThat(take("a", a, false, NOW + LEASE + 2)).as("and cannot take it back while b holds it").isNull();
    }

    @Test
    void aRestartedInstanceTakesItsOwnLeaseBackAtOnceAndFencesThePreviousProcess() throws Exception {
        Lease beforeCrash = take("shop-1", null, true, NOW);
        UUID id = owed();

        Lease afterRestart = take("shop-1", null, true, NOW + 1_000); // long before the lease expires

        assertThat(afterRestart).isEqualTo(new Lease(SINK, "shop-1", 2, NOW + 1_000 + LEASE));
        assertThat(table.delivered(beforeCrash, List.of(id), NOW + 2_000)).as("the old process is fenced").isFalse();
        assertThat(row(id).get(0)).isEqualTo("owed");
        assertThat(table.delivered(afterRestart, List.of(id), NOW + 2_000)).isTrue();
        assertThat(row(id).get(0)).isEqualTo("sent");
    }

    @Test
    void aLiveInstanceDoesNotTakeBackALeaseAnotherProcessWithItsIdTook() throws Exception {
        Lease first = take("shop-1", null, true, NOW);
        Lease twin = take("shop-1", null, true, NOW + 1); // a second process misconfigured with the same id

        assertThat(twin.epoch()).isEqualTo(2);
        assertThat(take("shop-1", first, false, NOW + 2)).as("the first process keeps away until it lapses").isNull();
        assertThat(take("shop-1", null, false, NOW + 2)).isNull();
        assertThat(lease()).containsExactly("shop-1", "2", Long.toString(NOW + 1 + LEASE));
    }

    @Test
    void everyStatusChangeUnderAStaleLeaseChangesNothing() throws Exception {
        Lease a = take("a", null, true, NOW);
        UUID delivered = owed();
        UUID failed = owed();
        UUID dead = owed();
        Lease b = take("b", null, true, NOW + LEASE + 1);

        assertThat(table.delivered(a, List.of(delivered), NOW)).isFalse();
        assertThat(table.failed(a, List.of(failed), NOW + 5_000, "boom")).isFalse();
        assertThat(table.dead(a, Map.of(dead, "rejected"), NOW)).isFalse();
        for (UUID id : List.of(delivered, failed, dead)) {
            assertThat(row(id)).as("untouched").containsExactly("owed", "0", null);
        }

        assertThat(table.delivered(b, List.of(delivered), NOW)).isTrue();
        assertThat(table.failed(b, List.of(failed), NOW + 5_000, "boom")).isTrue();
        assertThat(table.dead(b, Map.of(dead, "rejected"), NOW)).isTrue();
        assertThat(row(delivered)).containsExactly("sent", "0", null);
        assertThat(row(failed)).containsExactly("owed", "1", "boom");
        assertThat(row(dead)).containsExactly("dead", "0", "rejected");
    }

    @Test
    void aLeaseStolenInTheDatabaseFencesItsHolder() throws Exception {
        Lease a = take("a", null, true, NOW);
        UUID id = owed();

        execute("UPDATE mc_sink_lease SET holder = 'intruder', epoch = epoch + 1 WHERE sink = '" + SINK + "'");

        assertThat(table.delivered(a, List.of(id), NOW)).isFalse();
        assertThat(table.renewLease(a, NOW + LEASE)).isNull();
        assertThat(row(id).get(0)).isEqualTo("owed");
    }

    @Test
    void anExpiredLeaseNobodyTookStillCommitsBecauseNoOneElseCouldHave() throws Exception {
        Lease a = take("a", null, true, NOW);
        UUID id = owed();

        // a's lease ran out during a slow delivery, but no instance took it: the epoch did not move
        assertThat(table.delivered(a, List.of(id), NOW + 3 * LEASE)).isTrue();
        assertThat(row(id).get(0)).isEqualTo("sent");
    }

    @Test
    void aReleaseUnderAStaleLeaseLeavesTheNewHoldersLeaseAlone() throws Exception {
        Lease a = take("a", null, true, NOW);
        Lease b = take("b", null, true, NOW + LEASE + 1);

        table.releaseLease(a);
        assertThat(lease()).containsExactly("b", "2", Long.toString(b.until()));

        table.releaseLease(b);
        assertThat(lease()).containsExactly("b", "2", "0");
        assertThat(take("c", null, true, NOW + LEASE + 2)).as("released: taken at once").isNotNull();
    }

    @Test
    void aDatabaseFromBeforeTheEpochIsUpgradedInPlace() throws Exception {
        DataSource old = database();
        Dialect d;
        try (Connection c = old.getConnection()) {
            d = Dialect.of(c);
        }
        Schema.migrate(old, d, "4");
        UUID id = UUID.randomUUID();
        try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO mc_sink_lease (sink, holder, lease_until) VALUES ('" + SINK
                    + "', 'old-pid@host/1234abcd', " + (NOW + LEASE) + ")");
            s.executeUpdate("INSERT INTO mc_outbox (sink, event_id, status, attempts, next_attempt_at, created_at)"
                    + " VALUES ('" + SINK + "', '" + id + "', 'owed', 0, 0, 0)");
        }

        Schema.migrate(old, d);

        assertThat(Databases.rows(old, "SELECT holder, epoch FROM mc_sink_lease"))
                .containsExactly(List.of("old-pid@host/1234abcd", "0"));
        OutboxTable upgraded = new OutboxTable(old, d, 5);
        assertThat(upgraded.acquireLease(SINK, "shop-1", null, true, NOW + 1, NOW + LEASE))
                .as("the old holder's lease still runs").isNull();
        Lease taken = upgraded.acquireLease(SINK, "shop-1", null, true, NOW + LEASE + 1, NOW + 2 * LEASE);
        assertThat(taken.epoch()).isEqualTo(1);
        assertThat(upgraded.delivered(taken, List.of(id), NOW + LEASE + 2)).isTrue();
        assertThat(Databases.rows(old, "SELECT status FROM mc_outbox")).containsExactly(List.of("sent"));
    }
}
