package org.microconversions.interceptors.bench;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.microconversions.interceptors.container.ContainerResources;

import javax.sql.DataSource;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** Stands in for the server's JNDI resources: plain executors and whatever DataSource the benchmark sets. */
@Alternative
@Priority(1)
@ApplicationScoped
public class BenchResources implements ContainerResources {

    @Override
    public DataSource dataSource() {
        DataSource ds = BenchContainer.current().dataSource;
        if (ds == null) {
            throw new IllegalStateException("this benchmark has no DataSource");
        }
        return ds;
    }

    @Override
    public Executor executor() {
        return BenchContainer.current().executor;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return BenchContainer.current().scheduler;
    }

    @Override
    public Optional<TransactionSynchronizationRegistry> transactions() {
        return Optional.empty();
    }
}
