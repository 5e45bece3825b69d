package org.microconversions.interceptors.support;

import javax.sql.DataSource;
import javax.sql.XADataSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A data source as a container manages it inside a JTA transaction: every connection taken while
 * the {@link ScriptedTransactions} transaction is active is the one physical connection of that
 * transaction (as Liberty shares it), in manual commit, committed or rolled back by the
 * transaction; {@code commit}, {@code rollback} and {@code setAutoCommit} on it are refused, as in
 * a global transaction. It reports itself as an XA data source (so {@code join-transaction=auto}
 * joins). Outside a transaction, plain connections.
 */
public final class EnlistingDataSource extends DelegatingDataSource {

    private final ScriptedTransactions tx;
    private Connection current;

    public EnlistingDataSource(DataSource delegate, ScriptedTransactions tx) {
        super(delegate);
        this.tx = tx;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        if (!tx.onThisThread()) {
            return delegate.getConnection();
        }
        if (current == null) {
            Connection physical = delegate.getConnection();
            physical.setAutoCommit(false);
            current = physical;
            tx.enlist(new ScriptedTransactions.Resource() {
                @Override
                public void commit() throws Exception {
                    end(physical, true);
                }

                @Override
                public void rollback() throws Exception {
                    end(physical, false);
                }
            });
        }
        Connection shared = current;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> null; // the transaction owns the physical connection
                    case "commit", "rollback", "setAutoCommit" -> {
                        if (method.getName().equals("rollback") && args != null) {
                            yield invoke(shared, method, args); // rollback(Savepoint) is allowed
                        }
                        throw new SQLException(method.getName() + " is not allowed in a global transaction (test)");
                    }
                    default -> invoke(shared, method, args);
                });
    }

    private static Object invoke(Connection c, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(c, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private synchronized void end(Connection physical, boolean commit) throws SQLException {
        try (physical) {
            if (commit) {
                physical.commit();
            } else {
                physical.rollback();
            }
            physical.setAutoCommit(true);
        } finally {
            current = null;
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface == XADataSource.class || super.isWrapperFor(iface);
    }
}
