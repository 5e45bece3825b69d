package org.microconversions.interceptors.container;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.microconversions.interceptors.config.Settings;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Looks up the server's resources by the JNDI names in {@link Settings}, once each. */
@ApplicationScoped
public class JndiContainerResources implements ContainerResources {

    private static final Logger LOG = Logger.getLogger(JndiContainerResources.class.getName());
    private static final String TSR = "java:comp/TransactionSynchronizationRegistry";

    @Inject
    Settings settings;

    private volatile DataSource dataSource;
    private volatile Executor executor;
    private volatile ScheduledExecutorService scheduler;
    private volatile Optional<TransactionSynchronizationRegistry> transactions;

    @Override
    public DataSource dataSource() {
        if (dataSource == null) {
            dataSource = lookup(settings.dataSource(), DataSource.class, "microconversions.datasource");
        }
        return dataSource;
    }

    @Override
    public Executor executor() {
        if (executor == null) {
            executor = lookup(settings.executor(), Executor.class, "microconversions.executor");
        }
        return executor;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = lookup(settings.scheduler(), ScheduledExecutorService.class, "microconversions.scheduler");
        }
        return scheduler;
    }

    @Override
    public Optional<TransactionSynchronizationRegistry> transactions() {
        if (transactions == null) {
            Optional<TransactionSynchronizationRegistry> found;
            try {
                found = Optional.of((TransactionSynchronizationRegistry) new InitialContext().lookup(TSR));
            } catch (NamingException | RuntimeException e) {
                LOG.log(Level.INFO, "No JTA TransactionSynchronizationRegistry at " + TSR
                        + ": conversions are recorded without waiting for transaction outcome");
                found = Optional.empty();
            }
            transactions = found;
        }
        return transactions;
    }

    private static <T> T lookup(String name, Class<T> type, String key) {
        try {
            return type.cast(new InitialContext().lookup(name));
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("No " + type.getSimpleName() + " at JNDI name '" + name
                    + "' (set " + key + "): " + e, e);
        }
    }
}
