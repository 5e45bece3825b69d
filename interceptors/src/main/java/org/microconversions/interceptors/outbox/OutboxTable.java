package org.microconversions.interceptors.outbox;

import org.microconversions.api.Channel;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.jdbc.Statements;
import org.microconversions.interceptors.json.JsonReader;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The outbox's SQL: rows in {@code mc_outbox} say which sink still owes which event, and
 * {@code mc_sink_lease} lets one server instance at a time forward for a sink, so several
 * instances on one database never send the same batch at the same time.
 *
 * <p>Fenced as gruelbox fences with a version column: every status change (delivered, retried,
 * dead) carries the {@link Lease} it was made under and commits only while that lease's holder and
 * epoch are still the row's. An instance that lost its lease in the middle of a delivery changes
 * nothing; the new holder sends those conversions again (at least once, never lost).
 */
public final class OutboxTable {

    static final String OWED = "owed";
    static final String SENT = "sent";
    static final String DEAD = "dead";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final int timeout;

    public OutboxTable(DataSource dataSource, Dialect dialect, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.timeout = timeoutSeconds;
    }

    /** Records, inside the event insert's transaction, that each sink owes each event. */
    static void insertOwed(Connection c, Collection<MicroConversionEvent> events,
            Function<MicroConversionEvent, List<String>> sinks, long now,
            int timeout)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = Statements.prepare(c, "INSERT INTO mc_outbox (sink, event_id, status, attempts,"
                + " next_attempt_at, created_at) VALUES (?, ?, '" + OWED + "', 0, ?, ?)", timeout)) {
            boolean any = false;
            for (MicroConversionEvent e : events) {
                for (String sink : sinks.apply(e)) {
                    any = true;
                    ps.setString(1, sink);
                    ps.setString(2, e.id().toString());
                    ps.setLong(3, now);
                    ps.setLong(4, now);
                    ps.addBatch();
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    /**
     * Takes the forwarding lease of a sink, or renews the one this instance holds.
     *
     * <ul>
     *   <li>{@code known} still matches the row (same holder, same epoch): renewed, same epoch,
     *       even if it had lapsed meanwhile (nobody took it, or the epoch would have moved).</li>
     *   <li>The lease has lapsed, or {@code restarted} and the row names {@code holder}: taken,
     *       epoch + 1. The second case is this instance restarted: it takes its own lease back at
     *       once instead of waiting for it to expire; the epoch fences whatever the previous
     *       process still had in flight.</li>
     *   <li>Otherwise another instance holds it: null. That includes another live process with
     *       the same id that took the lease from {@code known}; it is not taken back before it
     *       lapses, so two processes sharing an id do not take it from each other forever.</li>
     * </ul>
     *
     * @param known     the lease this instance holds, or null if none (first run, or lost)
     * @param restarted whether this process has not tried to take the lease before: a lease the
     *                  row gives to {@code holder} is then the previous process's, taken at once
     * @return the lease now held, or null if another instance holds it
     */
    public Lease acquireLease(String sink, String holder, Lease known, boolean restarted, long now, long until)
            throws SQLException {
        if (known != null) {
            Lease renewed = renewLease(known, until);
            if (renewed != null) {
                return renewed;
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Lease taken = takeOver(c, sink, holder, restarted && known == null, now, until);
                c.commit();
                return taken;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if ("23505".equals(e instanceof SQLException s ? s.getSQLState() : null)) {
                    return null; // another instance inserted the first lease at the same time
                }
                throw e;
            }
        }
    }

    /** In {@code c}'s transaction, whose row lock keeps the epoch read back the one written. */
    private Lease takeOver(Connection c, String sink, String holder, boolean mayTakeOwn, long now, long until)
            throws SQLException {
        int updated;
        try (PreparedStatement ps = Statements.prepare(c, "UPDATE mc_sink_lease SET holder = ?, lease_until = ?,"
                + " epoch = epoch + 1 WHERE sink = ? AND (lease_until < ?" + (mayTakeOwn ? " OR holder = ?)" : ")"),
                timeout)) {
            ps.setString(1, holder);
            ps.setLong(2, until);
            ps.setString(3, sink);
            ps.setLong(4, now);
            if (mayTakeOwn) {
                ps.setString(5, holder);
            }
            updated = ps.executeUpdate();
        }
        if (updated == 1) {
            try (PreparedStatement ps = Statements.prepare(c,
                    "SELECT epoch FROM mc_sink_lease WHERE sink = ?", timeout)) {
                ps.setString(1, sink);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Lease(sink, holder, rs.getLong(1), until);
                }
            }
        }
        try (PreparedStatement ps = Statements.prepare(c, "SELECT 1 FROM mc_sink_lease WHERE sink = ?", timeout)) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return null; // another instance holds it
                }
            }
        }
        try (PreparedStatement ps = Statements.prepare(c,
                "INSERT INTO mc_sink_lease (sink, holder, lease_until, epoch) VALUES (?, ?, ?, 1)", timeout)) {
            ps.setString(1, sink);
            ps.setString(2, holder);
            ps.setLong(3, until);
            ps.executeUpdate();
            return new Lease(sink, holder, 1, until);
        }
    }

    /**
     * Extends a lease this instance holds, keeping its epoch: during a long delivery, so no other
     * instance takes the sink over while it runs.
     *
     * @return the lease held until {@code until}, or null if it was lost (taken by another
     *         instance, or by a restarted process with the same id)
     */
    public Lease renewLease(Lease lease, long until) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = Statements.prepare(c,
                        "UPDATE mc_sink_lease SET lease_until = ? WHERE sink = ? AND holder = ? AND epoch = ?",
                        timeout)) {
            c.setAutoCommit(true);
            ps.setLong(1, until);
            ps.setString(2, lease.sink());
            ps.setString(3, lease.holder());
            ps.setLong(4, lease.epoch());
            return ps.executeUpdate() == 1 ? lease.renewedUntil(until) : null;
        }
    }

    /** Gives the lease up, so another instance need not wait for it to expire; a lost lease is left alone. */
    public void releaseLease(Lease lease) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = Statements.prepare(c,
                        "UPDATE mc_sink_lease SET lease_until = 0 WHERE sink = ? AND holder = ? AND epoch = ?",
                        timeout)) {
            c.setAutoCommit(true);
            ps.setString(1, lease.sink());
            ps.setString(2, lease.holder());
            ps.setLong(3, lease.epoch());
            ps.executeUpdate();
        }
    }

    /**
     * The fence, first statement of every status change's transaction: a no-op update of the
     * lease row that matches only while {@code lease} is current. Its row lock is held to the
     * commit, so a takeover (an update of the same row) waits until the outcome is committed and
     * then reads it, or has already moved the epoch and this matches nothing. A plain
     * {@code EXISTS} would not do that under READ COMMITTED: a takeover could commit, read the
     * rows as still owed and send them again, between the check and this commit.
     *
     * @return whether {@code lease} is still current; if not, the caller rolls back
     */
    private boolean fence(Connection c, Lease lease) throws SQLException {
        try (PreparedStatement ps = Statements.prepare(c, "UPDATE mc_sink_lease SET epoch = epoch"
                + " WHERE sink = ? AND holder = ? AND epoch = ?", timeout)) {
            ps.setString(1, lease.sink());
            ps.setString(2, lease.holder());
            ps.setLong(3, lease.epoch());
            return ps.executeUpdate() == 1;
        }
    }

    /** @return the oldest owed rows of a sink with their events, in event order */
    public List<OwedDelivery> owed(String sink, int max) throws SQLException {
        String sql = "SELECT o.attempts, o.next_attempt_at, o.created_at, e.id, e.name, e.kind, e.occurred_at,"
                + " e.visitor_id, e.session_id, e.user_id, e.source, e.medium, e.campaign, e.variants, e.value,"
                + " e.currency, e.attributes, e.origin FROM mc_outbox o JOIN mc_event e ON e.id = o.event_id"
                + " WHERE o.sink = ? AND o.status = '" + OWED + "' ORDER BY o.event_id FETCH FIRST " + max
                + " ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = Statements.prepare(c, sql, timeout)) {
            ps.setString(1, sink);
            List<OwedDelivery> out = new ArrayList<>(max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OwedDelivery(event(rs), rs.getInt("attempts"), rs.getLong("next_attempt_at"),
                            rs.getLong("created_at")));
                }
            }
            return out;
        }
    }

    /**
     * The oldest owed rows of a sink that may be sent now, in event order: due
     * ({@code next_attempt_at <= now}), and no older row of the same visitor still owed to this
     * sink and waiting for its retry. Rows without a visitor are never held back by others.
     *
     * @return at most {@code max} rows
     */
    public List<OwedDelivery> due(String sink, long now, int max) throws SQLException {
        String waiting = "SELECT e.visitor_id, MIN(o.event_id) FROM mc_outbox o JOIN mc_event e ON e.id = o.event_id"
                + " WHERE o.sink = ? AND o.status = '" + OWED + "' AND o.next_attempt_at > ?"
                + " AND e.visitor_id IS NOT NULL GROUP BY e.visitor_id";
        String sql = "SELECT o.attempts, o.next_attempt_at, o.created_at, e.id, e.name, e.kind, e.occurred_at,"
                + " e.visitor_id, e.session_id, e.user_id, e.source, e.medium, e.campaign, e.variants, e.value,"
                + " e.currency, e.attributes, e.origin FROM mc_outbox o JOIN mc_event e ON e.id = o.event_id"
                + " WHERE o.sink = ? AND o.status = '" + OWED + "' AND o.next_attempt_at <= ? ORDER BY o.event_id";
        try (Connection c = dataSource.getConnection()) {
            Map<String, String> blockedFrom = new HashMap<>();
            try (PreparedStatement ps = Statements.prepare(c, waiting, timeout)) {
                ps.setString(1, sink);
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        blockedFrom.put(rs.getString(1), rs.getString(2).trim());
                    }
                }
            }
            List<OwedDelivery> out = new ArrayList<>(max);
            try (PreparedStatement ps = Statements.prepare(c, sql, timeout)) {
                ps.setString(1, sink);
                ps.setLong(2, now);
                ps.setFetchSize(Math.min(1000, Math.max(max, 50)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (out.size() < max && rs.next()) {
                        String visitor = rs.getString("visitor_id");
                        String from = visitor == null ? null : blockedFrom.get(visitor);
                        // ids are fixed-width lower-case UUID text: string order is id order
                        if (from != null && from.compareTo(rs.getString("id").trim()) < 0) {
                            continue; // an older conversion of this visitor waits for its retry
                        }
                        out.add(new OwedDelivery(event(rs), rs.getInt("attempts"), rs.getLong("next_attempt_at"),
                                rs.getLong("created_at")));
                    }
                }
            }
            return out;
        }
    }

    private MicroConversionEvent event(ResultSet rs) throws SQLException {
        String source = rs.getString("source");
        MicroConversionEvent.Builder b = MicroConversionEvent.builder()
                .id(UUID.fromString(rs.getString("id").trim()))
                .name(rs.getString("name"))
                .kind("macro".equals(rs.getString("kind")) ? Kind.MACRO : Kind.MICRO)
                .timestamp(dialect.getInstant(rs, "occurred_at"))
                .visitorId(rs.getString("visitor_id"))
                .sessionId(rs.getString("session_id"))
                .userId(rs.getString("user_id"))
                .channel(source == null ? null : new Channel(source, rs.getString("medium"), rs.getString("campaign")))
                .variants(JsonReader.strings(rs.getString("variants")))
                .value(rs.getBigDecimal("value"), rs.getString("currency"))
                .origin(rs.getString("origin"));
        JsonReader.strings(rs.getString("attributes")).forEach(b::attribute);
        return b.build();
    }

    /**
     * Marks events delivered to the lease's sink, if the lease is still current.
     *
     * @return false if the lease was lost: nothing was changed
     */
    public boolean delivered(Lease lease, Collection<UUID> ids, long now) throws SQLException {
        return update("UPDATE mc_outbox SET status = '" + SENT + "', done_at = ? WHERE sink = ? AND event_id = ?",
                lease, ids, (ps, id) -> ps.setLong(1, now));
    }

    /**
     * Dead-letters events for the lease's sink, with why, if the lease is still current.
     *
     * @return false if the lease was lost: nothing was changed
     */
    public boolean dead(Lease lease, Map<UUID, String> reasons, long now) throws SQLException {
        return update("UPDATE mc_outbox SET status = '" + DEAD + "', done_at = ?, last_error = ? WHERE sink = ?"
                + " AND event_id = ?", lease, reasons.keySet(), (ps, id) -> {
                    ps.setLong(1, now);
                    ps.setString(2, clip(reasons.get(id)));
                });
    }

    /**
     * Records a failed attempt: retried at {@code nextAttemptAt}, if the lease is still current.
     *
     * @return false if the lease was lost: nothing was changed
     */
    public boolean failed(Lease lease, Collection<UUID> ids, long nextAttemptAt, String error) throws SQLException {
        return update("UPDATE mc_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                + " WHERE sink = ? AND event_id = ?", lease, ids, (ps, id) -> {
                    ps.setLong(1, nextAttemptAt);
                    ps.setString(2, clip(error));
                });
    }

    /**
     * Holds events while their sink is misconfigured: not before {@code nextAttemptAt}, and, unlike
     * {@link #failed}, without counting an attempt, so they are never dead-lettered for it; if the
     * lease is still current.
     *
     * @return false if the lease was lost: nothing was changed
     */
    public boolean held(Lease lease, Collection<UUID> ids, long nextAttemptAt, String error) throws SQLException {
        return update("UPDATE mc_outbox SET next_attempt_at = ?, last_error = ? WHERE sink = ? AND event_id = ?"
                + " AND status = '" + OWED + "'", lease, ids, (ps, id) -> {
                    ps.setLong(1, nextAttemptAt);
                    ps.setString(2, clip(error));
                });
    }

    /** @return epoch ms of the oldest owed row of a sink, or -1 if none */
    public long oldestOwed(String sink) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = Statements.prepare(c,
                        "SELECT MIN(created_at) FROM mc_outbox WHERE sink = ? AND status = '" + OWED + "'", timeout)) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? -1 : v;
            }
        }
    }

    /**
     * Deletes delivered rows finished before {@code before}; dead letters stay until an operator acts.
     * Not fenced, like {@link #replayDead}: neither touches an owed row, the only kind a delivery in
     * flight settles, so no lease holder can lose an outcome to them.
     */
    public int purge(long before) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = Statements.prepare(c,
                        "DELETE FROM mc_outbox WHERE status = '" + SENT + "' AND done_at < ?", timeout)) {
            c.setAutoCommit(true);
            ps.setLong(1, before);
            return ps.executeUpdate();
        }
    }

    /** Makes a sink's dead-lettered events owed again, oldest first. @return how many */
    public int replayDead(String sink, long now) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = Statements.prepare(c,
                        "UPDATE mc_outbox SET status = '" + OWED
                                + "', attempts = 0, next_attempt_at = ?, done_at = NULL"
                                + " WHERE sink = ? AND status = '" + DEAD + "'",
                        timeout)) {
            c.setAutoCommit(true);
            ps.setLong(1, now);
            ps.setString(2, sink);
            return ps.executeUpdate();
        }
    }

    /** Sets the parameters of one id's update before its sink and id. */
    private interface Binder {
        void bind(PreparedStatement ps, UUID id) throws SQLException;
    }

    /**
     * Runs an update per id in one fenced transaction; the binder sets the parameters before sink and id.
     *
     * @return false if the lease was lost: nothing was changed
     */
    private boolean update(String sql, Lease lease, Collection<UUID> ids, Binder binder) throws SQLException {
        if (ids.isEmpty()) {
            return true;
        }
        int sinkIndex = (int) sql.chars().filter(ch -> ch == '?').count() - 1;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = Statements.prepare(c, sql, timeout)) {
            c.setAutoCommit(false);
            try {
                if (!fence(c, lease)) {
                    c.rollback();
                    return false;
                }
                for (UUID id : ids) {
                    binder.bind(ps, id);
                    ps.setString(sinkIndex, lease.sink());
                    ps.setString(sinkIndex + 1, id.toString());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static String clip(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= 500 ? s : s.substring(0, 500);
    }
}
