package org.microconversions.interceptors.config;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A section that reads nothing and counts how often it is read, registered for the tests in
 * {@code src/test/resources/META-INF/services}: every deployment reads every section, so its count
 * is the number of times the configuration was read.
 */
public final class CountingSection implements ConfigSection<CountingSection.Reads> {

    private static final AtomicInteger READS = new AtomicInteger();

    /** The section's record: which read this was. */
    public record Reads(int number) {
    }

    /** @return how often any configuration was read so far */
    public static int reads() {
        return READS.get();
    }

    @Override
    public Class<Reads> type() {
        return Reads.class;
    }

    @Override
    public Reads read(ConfigReader reader) {
        return new Reads(READS.incrementAndGet());
    }
}
