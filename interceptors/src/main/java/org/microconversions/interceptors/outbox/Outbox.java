package org.microconversions.interceptors.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.sink.Sinks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * What the store asks of the outbox: the rows each conversion owes the enabled sinks, written in
 * the store's own transaction (a transactional outbox), and a wake-up for the forwarder once
 * they are committed. So the store knows neither the sinks nor the forwarder.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    Sinks sinks;

    @Inject
    OutboxForwarder forwarder;

    /**
     * Records, on the caller's connection and inside its transaction, that each sink owes each event.
     *
     * @param events conversions being inserted on {@code c}
     */
    public void owe(Connection c, Collection<MicroConversionEvent> events, int timeoutSeconds)
            throws SQLException {
        if (sinks.names().isEmpty()) {
            return; // no sink, nothing owed: not even a statement, nor a look at each event
        }
        OutboxTable.insertOwed(c, events, sinks::owing, System.currentTimeMillis(), timeoutSeconds);
    }

    /** Rows written by {@link #owe} were committed: the forwarder need not wait for its next poll. */
    public void committed() {
        forwarder.wake();
    }
}
