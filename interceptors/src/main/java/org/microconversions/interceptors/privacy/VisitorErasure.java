package org.microconversions.interceptors.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.VisitorData;
import org.microconversions.interceptors.store.JdbcEventStore;

import java.sql.SQLException;
import java.util.logging.Logger;

/** Erases one visitor's conversions on request (GDPR art. 17). */
@ApplicationScoped
public class VisitorErasure implements VisitorData {

    private static final Logger LOG = Logger.getLogger(VisitorErasure.class.getName());

    @Inject
    JdbcEventStore store;

    @Override
    public long erase(String visitorId) {
        if (visitorId == null || visitorId.isBlank()) {
            throw new IllegalArgumentException("visitor id is required");
        }
        try {
            long n = store.events().eraseVisitor(visitorId);
            LOG.info(() -> "Erased " + n + " conversions of one visitor on request");
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not erase the visitor's conversions: " + e.getMessage(), e);
        }
    }
}
