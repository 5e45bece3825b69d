package it.storefront;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;

/**
 * Starts a real PostgreSQL (zonky embedded binaries) on port {@code it.pg.port} before Arquillian
 * starts the Liberty server whose {@code mc.db.url} points at it. Register it BEFORE
 * {@code ArquillianExtension}: JUnit runs before-all callbacks in registration order.
 */
public class EmbeddedPostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private static EmbeddedPostgres postgres;

    static int port() {
        return Integer.getInteger("it.pg.port", 15432);
    }

    static DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().setPort(port()).start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // keep PostgreSQL up until the JVM exits: Arquillian stops the server after all classes
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // the JVM is exiting
            }
        }));
    }
}
