package org.microconversions.interceptors.store;

import org.microconversions.interceptors.jdbc.Dialect;

import javax.sql.DataSource;

/** The store's schema migrations, for tests of other packages' tables (the outbox's lease fencing). */
public final class Schema {

    private Schema() {
    }

    /** Migrates to the newest version. */
    public static void migrate(DataSource dataSource, Dialect dialect) {
        Migrations.migrate(dataSource, dialect);
    }

    /** Migrates up to {@code target}, e.g. to build a database as an older release left it. */
    public static void migrate(DataSource dataSource, Dialect dialect, String target) {
        Migrations.migrate(dataSource, dialect, target);
    }
}
