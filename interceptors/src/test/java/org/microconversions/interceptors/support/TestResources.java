package org.microconversions.interceptors.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.microconversions.interceptors.container.ContainerResources;

import javax.sql.DataSource;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** Stands in for the application server's JNDI resources; each test container configures it. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestResources implements ContainerResources {

    @Override
    public DataSource dataSource() {
        return TestContainer.current().dataSource;
    }

    @Override
    public Executor executor() {
        return TestContainer.current().executor;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return TestContainer.current().scheduler;
    }

    @Override
    public Optional<TransactionSynchronizationRegistry> transactions() {
        return Optional.ofNullable(TestContainer.current().transactions);
    }
}
