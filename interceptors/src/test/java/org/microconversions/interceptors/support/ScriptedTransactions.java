package org.microconversions.interceptors.support;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * A JTA registry whose transaction the test begins and ends, to check the suite's side of the
 * contract (register an interposed synchronization, act on the completion status). The real
 * transaction manager is exercised by the storefront's Liberty tests.
 */
public final class ScriptedTransactions implements TransactionSynchronizationRegistry {

    private int status = Status.STATUS_NO_TRANSACTION;
    private final List<Synchronization> synchronizations = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();

    /** Something enlisted in the transaction: committed or rolled back between the two callbacks. */
    public interface Resource {
        void commit() throws Exception;

        void rollback() throws Exception;
    }

    /** Enlists a resource in the active transaction, as the container does with a connection. */
    public void enlist(Resource resource) {
        if (status != Status.STATUS_ACTIVE && status != Status.STATUS_MARKED_ROLLBACK) {
            throw new IllegalStateException("no transaction");
        }
        resources.add(resource);
    }

    private volatile Thread thread;

    public void begin() {
        status = Status.STATUS_ACTIVE;
        thread = Thread.currentThread();
    }

    /** @return whether a transaction (active or marked for rollback) is associated with the calling thread */
    public boolean onThisThread() {
        return thread == Thread.currentThread()
                && (status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK);
    }

    public void commit() {
        end(Status.STATUS_COMMITTED);
    }

    public void rollback() {
        end(Status.STATUS_ROLLEDBACK);
    }

    private void end(int outcome) {
        if (outcome == Status.STATUS_COMMITTED) {
            synchronizations.forEach(Synchronization::beforeCompletion);
        }
        for (Resource r : resources) {
            try {
                if (outcome == Status.STATUS_COMMITTED) {
                    r.commit();
                } else {
                    r.rollback();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        resources.clear();
        status = Status.STATUS_NO_TRANSACTION;
        thread = null;
        synchronizations.forEach(s -> s.afterCompletion(outcome));
        synchronizations.clear();
    }

    @Override
    public int getTransactionStatus() {
        return status;
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
        if (status != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("no active transaction");
        }
        synchronizations.add(sync);
    }

    @Override
    public Object getTransactionKey() {
        return status == Status.STATUS_ACTIVE ? this : null;
    }

    @Override
    public void putResource(Object key, Object value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Object getResource(Object key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setRollbackOnly() {
        status = Status.STATUS_MARKED_ROLLBACK;
    }

    @Override
    public boolean getRollbackOnly() {
        return status == Status.STATUS_MARKED_ROLLBACK;
    }
}
