package org.microconversions.interceptors.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.container.ContainerResources;
import org.microconversions.interceptors.metrics.ConversionMetrics;
import org.microconversions.interceptors.sink.Sinks;
import org.microconversions.spi.ConversionSink;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a {@link SinkForwarder} per enabled sink on the managed executor: every poll interval,
 * and as soon as new conversions are persisted. One run at a time per server instance, in which the
 * sinks take turns of {@value #BATCHES_PER_TURN} batches, so a sink with a long queue (or a slow
 * destination) delays another sink by a few batches, not by its whole backlog; across instances,
 * each sink's lease decides who forwards.
 *
 * <p>The lease: while a run is in flight, the scheduler renews every lease this instance holds
 * every {@code outbox.lease}/3, so a delivery longer than the lease (GA4 may take up to 25 × its
 * timeout) keeps it. Stop ends the run after the batch in flight, waits for that batch (at most
 * {@link #STOP_WAIT_MS}), and only then releases the leases.
 */
@ApplicationScoped
public class OutboxForwarder {

    private static final Logger LOG = Logger.getLogger(OutboxForwarder.class.getName());
    private static final long PURGE_EVERY_MS = TimeUnit.MINUTES.toMillis(10);
    /** Longest a stop waits for the batch in flight before it leaves the lease to lapse. */
    static final long STOP_WAIT_MS = TimeUnit.SECONDS.toMillis(30);
    /** Batches a sink forwards before the next sink's turn in the same run. */
    static final int BATCHES_PER_TURN = 4;

    @Inject
    Sinks sinks;

    @Inject
    OutboxSchema schema;

    @Inject
    Settings settings;

    @Inject
    ContainerResources resources;

    @Inject
    ConversionMetrics metrics;

    private final AtomicBoolean running = new AtomicBoolean();
    private final Object runLock = new Object();
    /** A run has begun and not ended (guarded by runLock); {@code running} also covers a run only scheduled. */
    private boolean inRun;
    private final Map<String, AtomicLong> oldestOwed = new ConcurrentHashMap<>();
    private volatile List<SinkForwarder> forwarders;
    private volatile ScheduledFuture<?> ticker;
    private volatile ScheduledFuture<?> renewer;
    private volatile boolean closed;
    private volatile boolean failureLogged;
    private long lastPurge;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!settings.enabled() || sinks.enabled().isEmpty()) {
            return;
        }
        for (ConversionSink s : sinks.enabled()) {
            AtomicLong oldest = new AtomicLong(-1);
            oldestOwed.put(s.name(), oldest);
            metrics.outboxLag(s.name(), () -> {
                long o = oldest.get();
                return o < 0 ? 0.0 : Math.max(0, System.currentTimeMillis() - o) / 1000.0;
            });
        }
        long period = settings.outbox().pollInterval().toMillis();
        ticker = resources.scheduler().scheduleWithFixedDelay(this::wake, period, period, TimeUnit.MILLISECONDS);
        long renewEvery = Math.max(1, settings.outbox().lease().toMillis() / 3);
        renewer = resources.scheduler().scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery,
                TimeUnit.MILLISECONDS);
    }

    /** Renews the leases held while a run is in flight; between runs, each batch takes the lease anyway. */
    private void renewLeases() {
        List<SinkForwarder> fs = forwarders;
        boolean renew;
        synchronized (runLock) {
            renew = inRun;
        }
        if (!renew || fs == null) {
            return;
        }
        for (SinkForwarder f : fs) {
            try {
                f.lease().renew(); // a lost lease is logged there
            } catch (SQLException | RuntimeException e) {
                logOnce("Could not renew the lease of sink " + f.sinkName() + "; retrying in "
                        + settings.outbox().lease().toMillis() / 3 + " ms", e);
            }
        }
    }

    /** Asks for a forwarding run soon, unless one is under way. */
    public void wake() {
        if (closed || ticker == null || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            resources.executor().execute(this::runAll);
        } catch (RuntimeException e) {
            running.set(false);
            logOnce("Could not schedule forwarding", e);
        }
    }

    private void runAll() {
        synchronized (runLock) {
            if (closed) {
                running.set(false); // stopped before this run began: it never starts
                return;
            }
            inRun = true;
        }
        try {
            OutboxTable table = schema.outbox();
            // round robin: each sink forwards a few batches in turn until none has more due
            List<SinkForwarder> wanting = new ArrayList<>(forwarders());
            while (!wanting.isEmpty()) {
                for (Iterator<SinkForwarder> it = wanting.iterator(); it.hasNext();) {
                    if (closed) {
                        return;
                    }
                    SinkForwarder f = it.next();
                    try {
                        if (!f.turn(BATCHES_PER_TURN).more()) {
                            it.remove();
                            oldestOwed.get(f.sinkName()).set(table.oldestOwed(f.sinkName()));
                        }
                    } catch (SQLException | RuntimeException e) {
                        it.remove();
                        logOnce("Forwarding to sink " + f.sinkName() + " failed; retrying next run", e);
                    }
                }
            }
            long now = System.currentTimeMillis();
            if (now - lastPurge > PURGE_EVERY_MS) {
                lastPurge = now;
                int purged = table.purge(now - settings.outbox().retention().toMillis());
                if (purged > 0) {
                    LOG.fine(() -> "Purged " + purged + " finished outbox rows");
                }
            }
            failureLogged = false;
        } catch (SQLException | RuntimeException e) {
            logOnce("Forwarding failed; retrying next run", e);
        } finally {
            synchronized (runLock) {
                inRun = false;
                running.set(false);
                runLock.notifyAll();
            }
        }
    }

    private List<SinkForwarder> forwarders() throws SQLException {
        List<SinkForwarder> fs = forwarders;
        if (fs == null) {
            OutboxTable table = schema.outbox();
            ForwardingListener counted = new MetricsListener(metrics);
            fs = sinks.enabled().stream().map(s -> new SinkForwarder(s, table, settings.outbox(),
                    Clock.systemUTC(), holder(), counted, ThreadLocalRandom.current())).toList();
            forwarders = fs;
            if (closed) {
                fs.forEach(f -> f.lease().close()); // created by a first run that stop did not see yet
            }
        }
        return fs;
    }

    /** @return this instance's lease holder id: {@code microconversions.outbox.instance-id} */
    public String holder() {
        return settings.outbox().instanceId();
    }

    void stop(
            @Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        closed = true;
        ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
        }
        List<SinkForwarder> fs = forwarders;
        if (fs != null) {
            fs.forEach(f -> f.lease().close()); // the run ends after the batch in flight
        }
        boolean idle = awaitRun(STOP_WAIT_MS);
        ScheduledFuture<?> r = renewer;
        if (r != null) {
            r.cancel(false);
        }
        fs = forwarders; // the first run may have created them while stop waited
        if (fs == null) {
            return;
        }
        if (!idle) {
            LOG.warning(() -> "A delivery was still running " + STOP_WAIT_MS / 1000 + " s after stop began;"
                    + " its leases are not released but left to lapse after microconversions.outbox.lease ("
                    + settings.outbox().lease().toSeconds() + " s), and its outcome is only recorded if no other"
                    + " instance has taken a lease over by then");
            return;
        }
        for (SinkForwarder f : fs) {
            try {
                f.lease().release();
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "Could not release lease of " + f.sinkName(), e);
            }
        }
    }

    /**
     * Called after {@code closed} is set, so a run not yet begun never begins.
     *
     * @return true if no run is in flight, waiting up to {@code millis} for the one that is
     */
    private boolean awaitRun(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (runLock) {
            while (inRun) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    runLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return !inRun;
                }
            }
            return true;
        }
    }

    private void logOnce(String message, Throwable e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.log(Level.WARNING, message + " (logged once until it recovers)", e);
        }
    }
}
