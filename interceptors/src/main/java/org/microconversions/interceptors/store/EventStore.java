package org.microconversions.interceptors.store;

import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings.JoinTransaction;

import java.util.List;

/**
 * Where conversions are persisted. Writing the same event id twice stores it once.
 * The default is {@link JdbcEventStore}; a CDI alternative replaces it (the benchmark does).
 */
public interface EventStore {

    /** Creates or upgrades the schema; called once at startup and again after a failure. */
    void prepare() throws Exception;

    /**
     * Persists a batch in one transaction, ignoring ids already stored. Rows the database refuses
     * for good (a data or constraint error) are quarantined instead, in the same transaction.
     *
     * @param batch events, never empty
     * @return the quarantined events, usually none
     * @throws Exception if nothing was committed; the caller keeps the batch and retries
     */
    List<Rejection> store(List<MicroConversionEvent> batch) throws Exception;

    /**
     * Like {@link #store}, but quarantines a row on any error that does not say the database is
     * unavailable ({@link StoreErrors#unavailable}). The pipeline calls it for a batch that failed
     * that way several times, so no conversion is retried forever.
     *
     * @param batch events, never empty
     * @return the quarantined events
     * @throws Exception if nothing was committed (the database is not available)
     */
    default List<Rejection> isolate(List<MicroConversionEvent> batch) throws Exception {
        return store(batch);
    }

    /**
     * Whether {@link #writeInTransaction} may be used: the store's data source is enlisted in the
     * caller's JTA transaction and commits or rolls back with it. Asked once, at startup.
     *
     * @param mode {@code microconversions.durable.join-transaction}
     * @return true to write durable conversions inside the caller's transaction
     */
    default boolean joinsTransactions(JoinTransaction mode) {
        return false;
    }

    /**
     * Writes one conversion and its outbox rows on a connection enlisted in the caller's active
     * JTA transaction, without committing: the transaction manager commits or rolls it back with
     * the shop's own work. A failed write leaves the caller's transaction as it was.
     *
     * @param event the conversion
     * @throws Exception if it was not written; the transaction is unaffected
     */
    default void writeInTransaction(MicroConversionEvent event) throws Exception {
        throw new UnsupportedOperationException("this store cannot join a transaction");
    }

    /** The caller's transaction, holding conversions {@link #writeInTransaction} wrote, has committed. */
    default void committedInTransaction() {
    }
}
