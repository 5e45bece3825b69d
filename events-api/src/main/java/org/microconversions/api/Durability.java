package org.microconversions.api;

/**
 * Whether the request that records a conversion waits until it is committed to the store.
 *
 * <p>A <em>durable</em> conversion is acknowledged only once it is in the database: the recording
 * call returns after the batch holding it has committed (or, inside a JTA transaction whose data
 * source the library can join, it commits or rolls back with the shop's own work). A
 * <em>buffered</em> conversion is handed to the in-memory buffer and written asynchronously within
 * milliseconds; if the server is killed ({@code kill -9}) before that, it is lost.
 *
 * @since 0.2
 */
public enum Durability {
    /**
     * Decided by configuration: durable when the name is in {@code microconversions.durable.names}
     * or the kind in {@code microconversions.durable.kinds} (default {@code macro}).
     */
    BY_KIND,
    /** Always durable: the call returns once the conversion is committed (or the wait timed out). */
    DURABLE,
    /**
     * Never waits for the store, whatever the kind says (a name listed in
     * {@code microconversions.durable.names} is still durable).
     */
    BUFFERED
}
