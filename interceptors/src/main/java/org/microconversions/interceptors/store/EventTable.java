package org.microconversions.interceptors.store;

import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.jdbc.Statements;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** Deletes from {@code mc_event}, with the outbox rows that point at what is deleted. */
public final class EventTable {

    private final DataSource dataSource;
    private final Dialect dialect;
    private final int timeout;

    EventTable(DataSource dataSource, Dialect dialect, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.timeout = timeoutSeconds;
    }

    /** @return conversions of this visitor deleted */
    public long eraseVisitor(String visitorId) throws SQLException {
        return delete("visitor_id = ?", ps -> ps.setString(1, visitorId));
    }

    /** @return conversions that happened before {@code cutoff} deleted */
    public long deleteBefore(Instant cutoff) throws SQLException {
        return delete("occurred_at < ?", ps -> dialect.setInstant(ps, 1, cutoff));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private long delete(String where, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement outbox = Statements.prepare(c,
                    "DELETE FROM mc_outbox WHERE event_id IN (SELECT id FROM mc_event WHERE " + where + ")", timeout);
                    PreparedStatement events = Statements.prepare(c, "DELETE FROM mc_event WHERE " + where, timeout)) {
                binder.bind(outbox);
                outbox.executeUpdate();
                binder.bind(events);
                long n = events.executeUpdate();
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) { // a pool may have handed out the connection in auto-commit
                    c.rollback();
                }
                throw e;
            }
        }
    }
}
