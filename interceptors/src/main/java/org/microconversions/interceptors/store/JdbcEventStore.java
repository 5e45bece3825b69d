package org.microconversions.interceptors.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.container.ContainerResources;
import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.jdbc.Statements;
import org.microconversions.interceptors.outbox.Outbox;
import org.microconversions.interceptors.outbox.OutboxSchema;
import org.microconversions.interceptors.outbox.OutboxTable;

import javax.sql.DataSource;
import javax.sql.XADataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Persists conversions into {@code mc_event} a batch at a time ({@link EventRows}), with their outbox rows. */
@ApplicationScoped
public class JdbcEventStore implements EventStore, OutboxSchema {

    @Inject
    ContainerResources resources;

    @Inject
    Settings settings;

    @Inject
    Outbox owed;

    private volatile Dialect dialect;
    private volatile OutboxTable outbox;
    private volatile EventTable events;
    private volatile DailyCounts dailyCounts;

    /** Synchronized: the pipeline and the forwarder may both start it, and Flyway must run once. */
    @Override
    public synchronized void prepare() throws SQLException {
        if (dialect != null) {
            return;
        }
        DataSource ds = resources.dataSource();
        Dialect d;
        try (Connection c = ds.getConnection()) {
            d = Dialect.of(c);
            try {
                d.boundLockWaits(c, settings.statementTimeoutSeconds());
            } catch (SQLException e) {
                // e.g. SQL authorization on: lock waits then last derby.locks.waitTimeout; still usable
                Logger.getLogger(JdbcEventStore.class.getName()).log(Level.WARNING,
                        "Could not cap the database's lock wait at the statement timeout", e);
            }
        }
        if (settings.migrateSchema()) {
            Migrations.migrate(ds, d);
        }
        outbox = new OutboxTable(ds, d, settings.statementTimeoutSeconds());
        events = new EventTable(ds, d, settings.statementTimeoutSeconds());
        dailyCounts = new DailyCounts(ds, d, settings.statementTimeoutSeconds());
        dialect = d;
    }

    /**
     * @return the event table of this store
     * @throws SQLException if the database cannot be reached to prepare it
     */
    public EventTable events() throws SQLException {
        if (events == null) {
            prepare();
        }
        return events;
    }

    /**
     * @return the daily count ledger of this store
     * @throws SQLException if the database cannot be reached to prepare it
     */
    public DailyCounts dailyCounts() throws SQLException {
        if (dailyCounts == null) {
            prepare();
        }
        return dailyCounts;
    }

    @Override
    public OutboxTable outbox() throws SQLException {
        if (outbox == null) {
            prepare();
        }
        return outbox;
    }

    /**
     * {@code auto}: joins when the data source is an XA data source (on Liberty,
     * {@code type="javax.sql.XADataSource"}), which any transaction can enlist beside the shop's
     * own resources. A one-phase data source can only join when the shop's tables are in it too
     * (the same connection is shared in the transaction); say so with {@code true}.
     */
    @Override
    public boolean joinsTransactions(Settings.JoinTransaction mode) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> {
                try {
                    yield resources.dataSource().isWrapperFor(XADataSource.class);
                } catch (SQLException | RuntimeException e) {
                    yield false;
                }
            }
        };
    }

    /**
     * No commit, no change of auto-commit: the connection belongs to the caller's transaction.
     * The insert runs under an SQL savepoint, so a refused row (which on PostgreSQL would abort
     * the whole transaction) is undone alone and the shop's work still commits.
     */
    @Override
    public void writeInTransaction(MicroConversionEvent event) throws SQLException {
        Dialect d = dialect;
        if (d == null) {
            throw new SQLException("conversion store not prepared yet (schema unknown)", "08003");
        }
        int timeout = settings.statementTimeoutSeconds();
        try (Connection c = resources.dataSource().getConnection()) {
            execute(c, d.savepointSql("mc_durable"), timeout);
            try {
                insertChunk(c, d, List.of(event));
            } catch (SQLException | RuntimeException e) {
                try {
                    execute(c, "ROLLBACK TO SAVEPOINT mc_durable", timeout);
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
            execute(c, "RELEASE SAVEPOINT mc_durable", timeout);
        }
    }

    @Override
    public void committedInTransaction() {
        owed.committed();
    }

    private static void execute(Connection c, String sql, int timeout) throws SQLException {
        try (PreparedStatement ps = Statements.prepare(c, sql, timeout)) {
            ps.execute();
        }
    }

    @Override
    public List<Rejection> store(List<MicroConversionEvent> batch) throws SQLException {
        return write(batch, false);
    }

    @Override
    public List<Rejection> isolate(List<MicroConversionEvent> batch) throws SQLException {
        return write(batch, true);
    }

    /**
     * Tries the batch as one insert (the usual case); if the database refuses a row, splits the
     * batch in halves under savepoints until each refused row stands alone, and quarantines those.
     * Good rows, their outbox rows and the quarantined rows commit in one transaction.
     */
    private List<Rejection> write(List<MicroConversionEvent> batch, boolean anyError) throws SQLException {
        if (dialect == null) {
            prepare();
        }
        Dialect d = dialect;
        try (Connection c = resources.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                if (!anyError) {
                    try {
                        insertChunk(c, d, batch);
                        c.commit();
                        owed.committed();
                        return List.of();
                    } catch (SQLException e) {
                        c.rollback();
                        if (!isolatable(e, false)) {
                            throw e;
                        }
                    }
                }
                List<Rejection> rejected = new ArrayList<>();
                split(c, d, batch, anyError, rejected);
                quarantine(c, rejected);
                c.commit();
                owed.committed();
                return rejected;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * A retried batch (its first commit's outcome unknown) may hold ids already stored: the insert
     * refuses them, and the batch is split like a poisoned one until each duplicate stands alone.
     */
    private static boolean isolatable(SQLException e, boolean anyError) {
        if (StoreErrors.unavailable(e)) {
            return false;
        }
        return anyError || StoreErrors.isData(e) || StoreErrors.isDuplicate(e);
    }

    private void split(Connection c, Dialect d, List<MicroConversionEvent> chunk, boolean anyError,
            List<Rejection> rejected) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            insertChunk(c, d, chunk);
            c.releaseSavepoint(sp);
            return;
        } catch (SQLException e) {
            c.rollback(sp);
            if (!isolatable(e, anyError)) {
                throw e;
            }
            if (chunk.size() == 1) {
                if (StoreErrors.isDuplicate(e)) {
                    return; // already stored, with its outbox rows
                }
                String state = StoreErrors.sqlState(e);
                rejected.add(new Rejection(chunk.get(0), StoreErrors.reason(state), state,
                        RejectedJson.message(deepestMessage(e), 500)));
                return;
            }
        }
        int mid = chunk.size() / 2;
        split(c, d, chunk.subList(0, mid), anyError, rejected);
        split(c, d, chunk.subList(mid, chunk.size()), anyError, rejected);
    }

    private void insertChunk(Connection c, Dialect d, List<MicroConversionEvent> chunk) throws SQLException {
        int timeout = settings.statementTimeoutSeconds();
        EventRows.insert(c, d, chunk, timeout);
        owed.owe(c, chunk, timeout);
    }

    private void quarantine(Connection c, List<Rejection> rejected) throws SQLException {
        if (rejected.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = Statements.prepare(c, "INSERT INTO mc_event_rejected (event_id, event_json,"
                + " sql_state, reason, message) VALUES (?, ?, ?, ?, ?)", settings.statementTimeoutSeconds())) {
            for (Rejection r : rejected) {
                ps.setString(1, r.event().id().toString());
                ps.setString(2, RejectedJson.write(r.event()));
                ps.setString(3, r.sqlState() == null || r.sqlState().length() > 5 ? null : r.sqlState());
                ps.setString(4, r.reason());
                ps.setString(5, r.message());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** PostgreSQL's batch exception says "call getNextException"; the cause is there. */
    private static String deepestMessage(SQLException e) {
        SQLException last = e;
        for (SQLException s = e.getNextException(); s != null && s != last; s = s.getNextException()) {
            last = s;
        }
        return last.getMessage();
    }

    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

}
