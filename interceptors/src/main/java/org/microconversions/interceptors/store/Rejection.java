package org.microconversions.interceptors.store;

import org.microconversions.api.MicroConversionEvent;

/**
 * A conversion the database refused for good, now in {@code mc_event_rejected}.
 *
 * @param event    the conversion
 * @param reason   the bounded metric label, see {@link StoreErrors}
 * @param sqlState what the database said, may be null
 * @param message  the database's message, clipped
 */
public record Rejection(MicroConversionEvent event, String reason, String sqlState, String message) {
}
