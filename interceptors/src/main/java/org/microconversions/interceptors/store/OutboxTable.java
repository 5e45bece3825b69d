package org.microconversions.interceptors.store;

import org.microconversions.api.Channel;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversionEvent;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox's SQL: rows in {@code mc_outbox} say which sink still owes which event, and
 * {@code mc_sink_lease} lets one server instance at a time forward for a sink, so several
 * instances on one database never send the same batch at the same time.
 */
public final class OutboxTable {

    static final String OWED = "owed";
    static final String SENT = "sent";
    static final String DEAD = "dead";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final int timeout;

    OutboxTable(DataSource dataSource, Dialect dialect, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.timeout = timeoutSeconds;
    }

    /** Records, inside the event insert's transaction, that each sink owes each event. */
    static void insertOwed(Connection c, Dialect d, Collection<MicroConversionEvent> events,
                           java.util.function.Function<MicroConversionEvent, List<String>> sinks, long now,
                           int timeout)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = Statements.prepare(c, "INSERT INTO mc_outbox (sink, event_id, status, attempts,"
                + " next_attempt_at, created_at) VALUES (?, ?, '" + OWED + "', 0, ?, ?)"
                + (d.ignoresDuplicates() ? " ON CONFLICT (sink, event_id) DO NOTHING" : ""), timeout)) {
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
     * Takes or renews the forwarding lease of a sink.
     *
     * @return true if {@code holder} now holds it until {@code until}
     */
    public boolean acquireLease(String sink, String holder, long now, long until) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = Statements.prepare(c, "UPDATE mc_sink_lease SET holder = ?, lease_until = ?"
                    + " WHERE sink = ? AND (holder = ? OR lease_until < ?)", timeout)) {
                ps.setString(1, holder);
                ps.setLong(2, until);
                ps.setString(3, sink);
                ps.setString(4, holder);
                ps.setLong(5, now);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = Statements.prepare(c,
                    "INSERT INTO mc_sink_lease (sink, holder, lease_until) VALUES (?, ?, ?)", timeout)) {
                ps.setString(1, sink);
                ps.setString(2, holder);
                ps.setLong(3, until);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return false; // another instance holds it
                }
                throw e;
            }
        }
    }

    /** Gives the lease up, so another instance need not wait for it to expire. */
    public void releaseLease(String sink, String holder) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Statements.prepare(c,
                     "UPDATE mc_sink_lease SET lease_until = 0 WHERE sink = ? AND holder = ?", timeout)) {
            c.setAutoCommit(true);
            ps.setString(1, sink);
            ps.setString(2, holder);
            ps.executeUpdate();
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
            java.util.Map<String, String> blockedFrom = new java.util.HashMap<>();
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
                .variants(FlatJson.read(rs.getString("variants")))
                .value(rs.getBigDecimal("value"), rs.getString("currency"))
                .origin(rs.getString("origin"));
        FlatJson.read(rs.getString("attributes")).forEach(b::attribute);
        return b.build();
    }

    /** Marks events delivered to a sink. */
    public void delivered(String sink, Collection<UUID> ids, long now) throws SQLException {
        update("UPDATE mc_outbox SET status = '" + SENT + "', done_at = ? WHERE sink = ? AND event_id = ?",
                sink, ids, ps -> ps.setLong(1, now));
    }

    /** Dead-letters events for a sink, with why. */
    public void dead(String sink, Map<UUID, String> reasons, long now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = Statements.prepare(c,
                "UPDATE mc_outbox SET status = '" + DEAD + "', done_at = ?, last_error = ? WHERE sink = ? AND event_id = ?", timeout)) {
            c.setAutoCommit(false);
            for (Map.Entry<UUID, String> e : reasons.entrySet()) {
                ps.setLong(1, now);
                ps.setString(2, clip(e.getValue()));
                ps.setString(3, sink);
                ps.setString(4, e.getKey().toString());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }

    /** Records a failed attempt: retried at {@code nextAttemptAt}. */
    public void failed(String sink, Collection<UUID> ids, long nextAttemptAt, String error) throws SQLException {
        update("UPDATE mc_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                + " WHERE sink = ? AND event_id = ?", sink, ids, ps -> {
                    ps.setLong(1, nextAttemptAt);
                    ps.setString(2, clip(error));
                });
    }

    /**
     * Holds events while their sink is misconfigured: not before {@code nextAttemptAt}, and, unlike
     * {@link #failed}, without counting an attempt, so they are never dead-lettered for it.
     */
    public void held(String sink, Collection<UUID> ids, long nextAttemptAt, String error) throws SQLException {
        update("UPDATE mc_outbox SET next_attempt_at = ?, last_error = ? WHERE sink = ? AND event_id = ?"
                + " AND status = '" + OWED + "'", sink, ids, ps -> {
                    ps.setLong(1, nextAttemptAt);
                    ps.setString(2, clip(error));
                });
    }

    /** @return epoch ms of the oldest owed row of a sink, or -1 if none */
    public long oldestOwed(String sink) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = Statements.prepare(c,
                "SELECT MIN(created_at) FROM mc_outbox WHERE sink = ? AND status = '" + OWED + "'", timeout)) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? -1 : v;
            }
        }
    }

    /** Deletes delivered rows finished before {@code before}; dead letters stay until an operator acts. */
    public int purge(long before) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = Statements.prepare(c,
                "DELETE FROM mc_outbox WHERE status = '" + SENT + "' AND done_at < ?", timeout)) {
            c.setAutoCommit(true);
            ps.setLong(1, before);
            return ps.executeUpdate();
        }
    }

    /** Makes a sink's dead-lettered events owed again, oldest first. @return how many */
    public int replayDead(String sink, long now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = Statements.prepare(c,
                "UPDATE mc_outbox SET status = '" + OWED + "', attempts = 0, next_attempt_at = ?, done_at = NULL"
                        + " WHERE sink = ? AND status = '" + DEAD + "'", timeout)) {
            c.setAutoCommit(true);
            ps.setLong(1, now);
            ps.setString(2, sink);
            return ps.executeUpdate();
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Runs an update per id in one transaction; the binder sets the parameters before sink and id. */
    private void update(String sql, String sink, Collection<UUID> ids, Binder binder) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        int sinkIndex = (int) sql.chars().filter(ch -> ch == '?').count() - 1;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = Statements.prepare(c, sql, timeout)) {
            c.setAutoCommit(false);
            for (UUID id : ids) {
                binder.bind(ps);
                ps.setString(sinkIndex, sink);
                ps.setString(sinkIndex + 1, id.toString());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }

    private static String clip(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= 500 ? s : s.substring(0, 500);
    }
}
