package org.microconversions.interceptors.container;

import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.sql.DataSource;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the suite needs from the application server. The default, {@link JndiContainerResources},
 * looks each up by the configured JNDI name; tests and other runtimes provide a CDI alternative.
 */
public interface ContainerResources {

    /** @return the DataSource conversions are stored in */
    DataSource dataSource();

    /** @return the container-managed executor the async observer runs on */
    Executor executor();

    /** @return the container-managed scheduler for the periodic flush */
    ScheduledExecutorService scheduler();

    /** @return the JTA registry, if the runtime has one */
    Optional<TransactionSynchronizationRegistry> transactions();
}
