package org.microconversions.interceptors.support;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real DataSource that a test can make unreachable, as a database outage looks to JDBC, or make
 * hold every caller in {@code getConnection} (a pool with nothing to give), counting how many
 * threads wait there at once.
 */
public final class SwitchableDataSource extends DelegatingDataSource {

    private volatile boolean down;
    private volatile int failEvery;
    private volatile CountDownLatch hold;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger maxHeld = new AtomicInteger();

    public SwitchableDataSource(DataSource delegate) {
        super(delegate);
    }

    public void down() {
        down = true;
    }

    public void up() {
        down = false;
        failEvery = 0;
    }

    /** Fails every {@code n}-th connection attempt from now on, as a flapping network does. */
    public void failEvery(int n) {
        failEvery = n;
    }

    /** From now on, callers wait in {@code getConnection} until {@link #release()}. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** @return connection attempts so far */
    public int attempts() {
        return attempts.get();
    }

    /** @return threads waiting in {@code getConnection} now */
    public int held() {
        return held.get();
    }

    /** @return the most threads that ever waited in {@code getConnection} at once */
    public int maxHeld() {
        return maxHeld.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        int n = attempts.incrementAndGet();
        CountDownLatch h = hold;
        if (h != null) {
            maxHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
            try {
                if (!h.await(30, TimeUnit.SECONDS)) {
                    throw new SQLTransientConnectionException("held too long (test)", "08001");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted", "08001", e);
            } finally {
                held.decrementAndGet();
            }
        }
        int every = failEvery;
        if (down || (every > 0 && n % every == 0)) {
            throw new SQLTransientConnectionException("database unavailable (test outage)", "08001");
        }
        return delegate.getConnection();
    }

}
