package org.microconversions.interceptors.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.microconversions.interceptors.jdbc.Dialect;

import javax.sql.DataSource;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Creates and upgrades the suite's tables with Flyway, in its own history table so it lives
 * beside the shop's own schema and migrations.
 *
 * <p>Migrations are listed here rather than found by classpath scanning, which depends on how
 * each application server exposes jars inside a WAR.
 */
final class Migrations {

    /** Every migration, in order. Add new ones at the end. */
    static final List<String> SCRIPTS = List.of("V1__create_event_table.sql", "V2__create_outbox.sql",
            "V3__insights_indexes.sql", "V4__create_rejected.sql",
            // V5 is left to the branch that claimed it; V6 fences the lease
            "V6__fence_sink_lease.sql", "V7__leaner_event_indexes.sql", "V8__drop_name_time_index.sql",
            "V9__daily_count_ledger.sql");
    static final String HISTORY_TABLE = "mc_schema_history";

    private Migrations() {
    }

    static void migrate(DataSource dataSource, Dialect dialect) {
        migrate(dataSource, dialect, "latest");
    }

    /** Up to {@code target} (a version, or {@code latest}): tests build an older schema to upgrade. */
    static void migrate(DataSource dataSource, Dialect dialect, String target) {
        String folder = "db/microconversions/" + dialect.vendor() + "/";
        ClassLoader loader = Migrations.class.getClassLoader();
        Flyway.configure(loader)
                .dataSource(dataSource)
                // Application servers log through JUL; never guess a logger from what is on the class path.
                .loggers("org.flywaydb.core.internal.logging.javautil.JavaUtilLogCreator")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true) // the shop's own tables may already be in this schema
                .baselineVersion("0")
                .resourceProvider(new Listed(folder, loader))
                .target(target)
                .load()
                .migrate();
    }

    /** Serves the listed scripts from the class path. */
    private record Listed(String folder, ClassLoader loader) implements ResourceProvider {

        @Override
        public LoadableResource getResource(String name) {
            return SCRIPTS.contains(name) ? new Script(this, name) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return SCRIPTS.stream()
                    .filter(s -> s.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(s::endsWith))
                    .map(s -> (LoadableResource) new Script(this, s))
                    .toList();
        }
    }

    /** One script of a listing, read from the listing's folder with its class loader. */
    private static final class Script extends LoadableResource {
        private final Listed listing;
        private final String name;

        Script(Listed listing, String name) {
            this.listing = listing;
            this.name = name;
        }

        @Override
        public Reader read() {
            InputStream in = listing.loader().getResourceAsStream(getAbsolutePath());
            if (in == null) {
                throw new UncheckedIOException(new FileNotFoundException(getAbsolutePath()));
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return listing.folder() + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return null;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
