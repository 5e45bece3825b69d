package it.storefront.probe;

/** Thrown to roll a transaction back. */
public class ProbeRollback extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProbeRollback() {
        super("rollback requested by the test", null, false, false);
    }
}
