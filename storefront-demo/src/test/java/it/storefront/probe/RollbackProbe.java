package it.storefront.probe;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/** Test-only: a transactional service that records a conversion, then commits or rolls back. */
@ApplicationScoped
public class RollbackProbe {

    @Inject
    ProbeConversions conversions;

    @Resource
    TransactionSynchronizationRegistry registry;

    /** @return whether a transaction was active when the conversion was recorded */
    @Transactional
    public boolean commit() {
        conversions.committed();
        return registry.getTransactionKey() != null;
    }

    /** Records a conversion, then rolls the transaction back by throwing. */
    @Transactional
    public void rollback() {
        if (registry.getTransactionKey() == null) {
            throw new IllegalStateException("@Transactional did not start a transaction");
        }
        conversions.rolledBack();
        throw new ProbeRollback();
    }

    /** Records a durable conversion in a transaction that commits. */
    @Transactional
    public void durableCommit() {
        conversions.durable();
    }

    /** Records a durable conversion, then rolls the transaction back by throwing. */
    @Transactional
    public void durableRollback() {
        conversions.durable();
        throw new ProbeRollback();
    }
}
