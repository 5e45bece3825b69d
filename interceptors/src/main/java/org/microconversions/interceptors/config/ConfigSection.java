package org.microconversions.interceptors.config;

import java.util.function.Function;

/**
 * One component's part of the configuration: reads its immutable settings record with the shared
 * {@link ConfigReader}, and checks the rules that span its keys and other components' keys.
 *
 * <p>Sections are found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/org.microconversions.interceptors.config.ConfigSection} in the library's
 * own class loader, so a component below the CDI layer (a sink) contributes its settings without the
 * CDI layer depending on it. {@link Configuration} reads every section once per deployment and the
 * CDI extension makes each record an injectable bean.
 *
 * @param <T> the settings record; a type no other section reads
 */
public interface ConfigSection<T> {

    /** @return the record type this section reads (and the bean type it is injected as) */
    Class<T> type();

    /**
     * Reads and validates the section's keys, reporting every problem to {@code reader} rather
     * than throwing.
     *
     * @param reader the deployment's reader
     * @return the record; null when one of its values is bad (then a problem was reported)
     */
    T read(ConfigReader reader);

    /**
     * Checks rules between this section's record and the others', once every section was read;
     * reports problems to {@code reader}. Runs only when this section's record was read.
     *
     * @param value  this section's record
     * @param all    every section's record; a section whose values were bad is absent
     * @param reader where to report problems
     */
    default void check(T value, Configuration all, ConfigReader reader) {
    }

    /**
     * A section whose record is read by one function, e.g. {@code super(Ga4Config.class, Ga4Config::read)}.
     *
     * @param <T> the settings record
     */
    abstract class Of<T> implements ConfigSection<T> {
        private final Class<T> type;
        private final Function<ConfigReader, T> read;

        /**
         * @param type the record type
         * @param read reads it, reporting problems to the reader; null when a value is bad
         */
        protected Of(Class<T> type, Function<ConfigReader, T> read) {
            this.type = type;
            this.read = read;
        }

        @Override
        public final Class<T> type() {
            return type;
        }

        @Override
        public final T read(ConfigReader reader) {
            return read.apply(reader);
        }
    }
}
