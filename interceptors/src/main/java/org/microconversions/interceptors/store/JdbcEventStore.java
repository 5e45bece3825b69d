package org.microconversions.interceptors.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.container.ContainerResources;
import org.microconversions.interceptors.sink.Sinks;

import javax.sql.DataSource;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Persists conversions with batched JDBC inserts into {@code mc_event}. */
@ApplicationScoped
public class JdbcEventStore implements EventStore {

    private static final String DUPLICATE_KEY = "23505";

    @Inject
    ContainerResources resources;

    @Inject
    Settings settings;

    @Inject
    Sinks sinks;

    private volatile Dialect dialect;
    private volatile OutboxTable outbox;
    private volatile EventTable events;

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
        }
        if (settings.migrateSchema()) {
            Migrations.migrate(ds, d);
        }
        outbox = new OutboxTable(ds, d);
        events = new EventTable(ds, d);
        dialect = d;
    }

    /**
     * @return the outbox of this store
     * @throws SQLException if the database cannot be reached to prepare it
     */
    public EventTable events() throws SQLException {
        if (events == null) {
            prepare();
        }
        return events;
    }

    /**
     * @return the outbox of this store
     * @throws SQLException if the database cannot be reached to prepare it
     */
    public OutboxTable outbox() throws SQLException {
        if (outbox == null) {
            prepare();
        }
        return outbox;
    }

    @Override
    public void store(List<MicroConversionEvent> batch) throws SQLException {
        if (dialect == null) {
            prepare();
        }
        Dialect d = dialect;
        try (Connection c = resources.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                insert(c, d, batch);
                OutboxTable.insertOwed(c, d, batch, sinks::owing, System.currentTimeMillis());
                c.commit();
            } catch (BatchUpdateException e) {
                c.rollback();
                if (d.ignoresDuplicates() || !DUPLICATE_KEY.equals(e.getSQLState())) {
                    throw e;
                }
                // Derby cannot skip duplicates in a batch: a retried batch goes row by row.
                insertSkippingDuplicates(c, d, batch);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static void insert(Connection c, Dialect d, List<MicroConversionEvent> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.insertSql())) {
            for (MicroConversionEvent e : batch) {
                bind(ps, d, e);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertSkippingDuplicates(Connection c, Dialect d, List<MicroConversionEvent> batch)
            throws SQLException {
        List<MicroConversionEvent> inserted = new java.util.ArrayList<>(batch.size());
        try (PreparedStatement ps = c.prepareStatement(d.insertSql())) {
            for (MicroConversionEvent e : batch) {
                bind(ps, d, e);
                try {
                    ps.executeUpdate();
                    inserted.add(e);
                } catch (SQLException ex) {
                    if (!DUPLICATE_KEY.equals(ex.getSQLState())) {
                        c.rollback();
                        throw ex;
                    }
                }
            }
            OutboxTable.insertOwed(c, d, inserted, sinks::owing, System.currentTimeMillis());
            c.commit();
        }
    }

    private static void bind(PreparedStatement ps, Dialect d, MicroConversionEvent e) throws SQLException {
        Channel ch = e.channel();
        ps.setString(1, e.id().toString());
        ps.setString(2, e.name());
        ps.setString(3, e.kind().label());
        d.setInstant(ps, 4, e.timestamp());
        ps.setString(5, e.visitorId());
        ps.setString(6, e.sessionId());
        ps.setString(7, e.userId());
        ps.setString(8, ch == null ? null : ch.source());
        ps.setString(9, ch == null ? null : ch.medium());
        ps.setString(10, ch == null ? null : ch.campaign());
        ps.setString(11, FlatJson.write(e.variants()));
        if (e.value() == null) {
            ps.setNull(12, Types.DECIMAL);
        } else {
            ps.setBigDecimal(12, e.value());
        }
        ps.setString(13, e.currency());
        ps.setString(14, FlatJson.write(e.attributes()));
        ps.setString(15, e.origin());
    }
}
