package org.microconversions.interceptors.bench;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A minimal connection pool, as the application server's DataSource would be: {@code close()} on a
 * handed-out connection returns it to the pool. Without it, every batch would open a connection
 * (a new backend process for PostgreSQL), which no server deployment does.
 */
final class PooledDataSource implements DataSource, AutoCloseable {

    private final DataSource target;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final List<Connection> all = new ArrayList<>();

    PooledDataSource(DataSource target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical = idle.pollFirst();
        if (physical == null) {
            physical = target.getConnection();
            synchronized (all) {
                all.add(physical);
            }
        }
        Connection p = physical;
        AtomicBoolean returned = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        // a second close() is a no-op (JDBC), never a second return to the pool, which
                        // would hand one physical connection to two callers
                        if (!returned.compareAndSet(false, true)) {
                            return null;
                        }
                        if (!p.getAutoCommit()) {
                            p.rollback();
                            p.setAutoCommit(true);
                        }
                        idle.addFirst(p);
                        return null;
                    }
                    if (returned.get()) {
                        if (method.getName().equals("isClosed")) {
                            return true;
                        }
                        throw new SQLException("connection used after close(): " + method.getName());
                    }
                    try {
                        return method.invoke(p, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public void close() throws SQLException {
        synchronized (all) {
            for (Connection c : all) {
                c.close();
            }
            all.clear();
        }
        idle.clear();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(target)) {
            return iface.cast(target);
        }
        throw new SQLException("not a " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(target);
    }
}
