package org.microconversions.interceptors.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the WARNs {@link SinkLease} logs when an instance loses its lease. */
final class LostLeaseLog extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger(SinkLease.class.getName());
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    LostLeaseLog() {
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(r.getMessage());
        }
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
