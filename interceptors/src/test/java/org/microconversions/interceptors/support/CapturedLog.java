package org.microconversions.interceptors.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What one java.util.logging logger publishes while a test runs. Closing it detaches it and puts
 * the logger's level back.
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLog(Logger logger, Level atLeast) {
        this.logger = logger;
        this.level = logger.getLevel();
        if (atLeast != null) {
            logger.setLevel(atLeast);
        }
        logger.addHandler(this);
    }

    /** @return the records of {@code source}'s logger at the levels the configuration lets through */
    public static CapturedLog of(Class<?> source) {
        return new CapturedLog(Logger.getLogger(source.getName()), null);
    }

    /** @return the records of {@code source}'s logger from {@code atLeast} up (the tests' config logs WARNING and above) */
    public static CapturedLog of(Class<?> source, Level atLeast) {
        return new CapturedLog(Logger.getLogger(source.getName()), atLeast);
    }

    /** @return everything published so far */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** @return the messages published at exactly {@code level}, in order */
    public List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(level);
    }
}
