package org.microconversions.interceptors.store;

import org.microconversions.api.MicroConversionEvent;

import java.util.List;

/**
 * Where conversions are persisted. Writing the same event id twice stores it once.
 * The default is {@link JdbcEventStore}; a CDI alternative replaces it (the benchmark does).
 */
public interface EventStore {

    /** Creates or upgrades the schema; called once at startup and again after a failure. */
    void prepare() throws Exception;

    /**
     * Persists a batch in one transaction, ignoring ids already stored.
     *
     * @param batch events, never empty
     * @throws Exception if nothing was committed; the caller keeps the batch and retries
     */
    void store(List<MicroConversionEvent> batch) throws Exception;
}
