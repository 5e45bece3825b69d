package org.microconversions.interceptors.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;

import java.sql.SQLException;

/**
 * A real PostgreSQL server (zonky embedded binaries) for one test class, started before its tests
 * and stopped after them. Register it as {@code @RegisterExtension static final PostgresServer
 * POSTGRES = new PostgresServer();} and take a new, empty database per test from {@link #fresh()}.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.close();
    }

    /** @return a new, empty database on this server, with the shipped driver options */
    public DataSource fresh() throws SQLException {
        return Databases.freshPostgres(postgres);
    }

    /** @return the server itself, for tests that need its JDBC URL */
    public EmbeddedPostgres server() {
        return postgres;
    }
}
