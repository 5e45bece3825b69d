package org.microconversions.interceptors.config;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every component's settings, read from MicroProfile Config and validated once per deployment:
 * the one place in the suite that calls {@link ConfigProvider} ({@link #load(ClassLoader)}).
 *
 * <p>The sections are {@link ConfigSection}s found with {@link ServiceLoader} in the library's
 * class loader. Each reads its record with one shared {@link ConfigReader}; then each checks its
 * cross-key rules. Every problem of every section is reported together, in one
 * {@link InvalidConfigException} naming each key.
 *
 * <p><b>The servlet side.</b> The CDI extension builds the configuration at deployment and
 * {@linkplain #publish publishes} it for the application's class loader; the servlet container
 * initializer, which CDI does not inject, takes it with {@link #forApplication(ClassLoader)}. The
 * handle is one static slot in this class. The library ships in the WAR ({@code WEB-INF/lib}), so
 * the class and its slot belong to the application's class loader and go away with it on a
 * redeploy; the extension also clears it at shutdown, and a new deployment (or an in-JVM test
 * container started with other system properties) replaces it, so no stale configuration is
 * handed out. When nothing was published for that class loader (the initializer ran first, or
 * runs without CDI), it is read there, by the same code.
 */
public final class Configuration {

    private static volatile Published published;

    private record Published(ClassLoader loader, Configuration configuration) {
    }

    private final Map<Class<?>, Object> records;
    private final List<Class<?>> types;
    private final InvalidConfigException problems;

    private Configuration(Map<Class<?>, Object> records, List<Class<?>> types, InvalidConfigException problems) {
        this.records = records;
        this.types = types;
        this.problems = problems;
    }

    /**
     * Reads the application's MicroProfile Config, the one {@link ConfigProvider} call of the suite.
     *
     * @param application the application's class loader (the thread context class loader at deployment)
     * @return every section read and checked; see {@link #problems()}
     */
    public static Configuration load(ClassLoader application) {
        return read(ConfigProvider.getConfig(application));
    }

    /**
     * @param config the MicroProfile Config
     * @return every section found in the library's class loader, read and checked
     */
    public static Configuration read(Config config) {
        List<ConfigSection<?>> sections = new ArrayList<>();
        ServiceLoader.load(ConfigSection.class, Configuration.class.getClassLoader())
                .forEach(s -> sections.add((ConfigSection<?>) s));
        return read(config, sections);
    }

    /**
     * @param config   the MicroProfile Config
     * @param sections the sections to read, in order
     * @return them read and checked
     */
    public static Configuration read(Config config, List<ConfigSection<?>> sections) {
        ConfigReader reader = new ConfigReader(config);
        Map<Class<?>, Object> records = new LinkedHashMap<>();
        List<Class<?>> types = new ArrayList<>();
        for (ConfigSection<?> s : sections) {
            if (types.contains(s.type())) {
                throw new IllegalStateException("two configuration sections read " + s.type().getName());
            }
            types.add(s.type());
            Object record = s.read(reader);
            if (record != null) {
                records.put(s.type(), record);
            }
        }
        Configuration all = new Configuration(Collections.unmodifiableMap(records), List.copyOf(types), null);
        for (ConfigSection<?> s : sections) {
            check(s, all, reader);
        }
        List<InvalidConfigException> found = reader.problems();
        return found.isEmpty()
                ? all
                : new Configuration(all.records, all.types, InvalidConfigException.all(found));
    }

    private static <T> void check(ConfigSection<T> s, Configuration all, ConfigReader reader) {
        all.find(s.type()).ifPresent(value -> s.check(value, all, reader));
    }

    /** @return every problem found, as one exception naming each key; empty when the configuration is valid */
    public Optional<InvalidConfigException> problems() {
        return Optional.ofNullable(problems);
    }

    /** @return the record types of every section, valid or not, in section order */
    public List<Class<?>> types() {
        return types;
    }

    /**
     * @param type a section's record type
     * @return its record
     * @throws InvalidConfigException when the configuration has problems
     * @throws IllegalArgumentException when no section reads {@code type}
     */
    public <T> T get(Class<T> type) {
        if (problems != null) {
            throw problems;
        }
        return find(type).orElseThrow(() -> new IllegalArgumentException("no configuration section reads "
                + type.getName()));
    }

    /** @return the record of {@code type}, absent when its section had a bad value or does not exist */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(records.get(type)));
    }

    /**
     * Makes a deployment's configuration available to code CDI does not inject (the servlet
     * initializer). Replaces what an earlier deployment in this class loader published.
     *
     * @param application the application's class loader
     * @param c           its configuration
     */
    public static void publish(ClassLoader application, Configuration c) {
        published = new Published(application, c);
    }

    /** Forgets what {@code application} published (at its shutdown). */
    public static void unpublish(ClassLoader application) {
        Published p = published;
        if (p != null && p.loader() == application) {
            published = null;
        }
    }

    /**
     * @param application the application's class loader
     * @return the configuration its deployment published, or else read now with {@link #load}
     */
    public static Configuration forApplication(ClassLoader application) {
        Published p = published;
        return p != null && p.loader() == application ? p.configuration() : load(application);
    }
}
