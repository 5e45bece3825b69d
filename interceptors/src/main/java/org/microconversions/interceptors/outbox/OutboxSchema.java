package org.microconversions.interceptors.outbox;

import java.sql.SQLException;

/**
 * Where the forwarder gets its table: from the store, which creates the schema (events and
 * outbox in one migration) and implements this. The outbox sits below the store, so it names
 * this interface, never the store.
 */
public interface OutboxSchema {

    /**
     * @return the outbox table, once the schema exists
     * @throws SQLException if the database cannot be reached to prepare it
     */
    OutboxTable outbox() throws SQLException;
}
