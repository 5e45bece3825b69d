package org.microconversions.interceptors.pipeline;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.OverflowPolicy;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.container.ContainerResources;
import org.microconversions.interceptors.metrics.ConversionMetrics;
import org.microconversions.interceptors.store.EventStore;
import org.microconversions.interceptors.store.Rejection;
import org.microconversions.interceptors.store.StoreErrors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The way from the request thread to the store: a bounded in-memory buffer, drained in batches
 * by an {@code @ObservesAsync} observer on the container's managed executor.
 *
 * <p>The request thread only offers to the buffer and, when no drain is under way, fires one async
 * event: one CAS per call, not one task per event. One drain runs at a time, so batches stay in
 * recording order. A batch the store fails to write because the database is unavailable is kept and
 * retried on the next flush tick, so an outage costs memory up to the buffer's capacity, then the
 * overflow policy applies. Rows the database refuses for good are quarantined by the store; a batch
 * that fails {@value #ISOLATE_AFTER_ATTEMPTS} times with an error of neither kind is isolated row by
 * row, so no conversion is retried forever.
 */
@ApplicationScoped
public class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());
    private static final long SHUTDOWN_WAIT_SECONDS = 30;

    @Inject
    Settings settings;

    @Inject
    EventStore store;

    @Inject
    ConversionMetrics metrics;

    @Inject
    ContainerResources resources;

    @Inject
    Event<FlushRequested> flushes;

    /** How often a call waiting for room looks again: a writer makes room when it takes its batch, before it commits. */
    private static final long ROOM_CHECK_NANOS = 5_000_000;
    /**
     * Failed attempts with an error that is neither "unavailable" nor a data error (say a column a
     * DBA dropped, or a trigger's exception) before the batch is isolated row by row: enough to
     * ride out a migration in progress, few enough that the buffer does not fill meanwhile.
     */
    public static final int ISOLATE_AFTER_ATTEMPTS = 10;

    private ConversionBuffer buffer;
    private NotificationOptions onExecutor;
    private int batchSize;
    /** The longest a drain waits for a batch to gather ({@code batch-linger}). */
    private long lingerNanos;
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Whether the last batch written was full: conversions then come faster than batches are written. */
    private volatile boolean lastBatchFull;
    /** {@link System#nanoTime()} when the batch being written, or the last one, began. */
    private volatile long writeBegan = System.nanoTime();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** A batch the store failed to write, retried before anything newer. Guarded by writeLock. */
    private List<MicroConversionEvent> pending = List.of();
    /** The durable conversions of {@link #pending} whose callers may still wait. Guarded by writeLock. */
    private List<CommitAck.Durable> pendingAcks = List.of();
    /** Failures of {@link #pending} that did not say the database is unavailable. Guarded by writeLock. */
    private int pendingAttempts;
    /** Admits at most {@code buffer.inline-writers} recording threads to an inline write at once. */
    private Semaphore inlineWriters;
    private RejectionLog rejections;
    private volatile boolean storeDown;
    private boolean joinsTransactions;
    volatile boolean closed;
    private ScheduledFuture<?> ticker;

    @PostConstruct
    void start() {
        batchSize = settings.batchSize();
        lingerNanos = settings.batchLinger().toNanos();
        buffer = new ConversionBuffer(settings.bufferCapacity(), new ConversionBuffer.Drain() {
            @Override
            public boolean closed() {
                return closed;
            }

            @Override
            public void overflow(MicroConversionEvent event, boolean durable) {
                Pipeline.this.overflow(event, durable);
            }

            @Override
            public boolean wake() {
                return Pipeline.this.wake();
            }
        });
        onExecutor = NotificationOptions.ofExecutor(resources.executor());
        inlineWriters = new Semaphore(settings.inlineWriters());
        rejections = new RejectionLog(metrics, System::currentTimeMillis);
        metrics.bufferDepth(() -> buffer.size() + pending.size());
        joinsTransactions = store.joinsTransactions(settings.durable().joinTransaction());
        LOG.info(joinsTransactions
                ? "Durable conversions inside a JTA transaction are written in that transaction"
                : "Durable conversions inside a JTA transaction are written after it commits (group commit);"
                        + " see microconversions.durable.join-transaction");
        try {
            store.prepare();
        } catch (Exception e) {
            storeDown = true;
            LOG.log(Level.WARNING, "Conversion store not ready at startup; buffering and retrying every "
                    + settings.flushInterval(), e);
        }
        long period = settings.flushInterval().toMillis();
        ticker = resources.scheduler().scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts with the application, so the schema is migrated before the first conversion. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // the observer's only job is to create this bean now; @PostConstruct does the work
    }

    /** @return the buffer recording threads hand conversions to; hold it, it never changes */
    public ConversionBuffer buffer() {
        return buffer;
    }

    /** @return whether durable conversions are written inside the caller's JTA transaction */
    public boolean joinsTransactions() {
        return joinsTransactions;
    }

    /**
     * Writes a durable conversion in the caller's JTA transaction (before it completes).
     *
     * @param event the conversion
     * @throws Exception if it was not written; the transaction is unaffected
     */
    public void writeInTransaction(MicroConversionEvent event) throws Exception {
        store.writeInTransaction(event);
    }

    /** A conversion written by {@link #writeInTransaction} was committed with its transaction. */
    public void committedInTransaction() {
        metrics.persisted().inc();
        store.committedInTransaction();
    }

    /**
     * Called by the buffer after each offer: starts a drain unless one runs or the store is down.
     *
     * @return false when the store is down (no drain before the next retry)
     */
    boolean wake() {
        if (storeDown) {
            return false;
        }
        if (!draining.get()) {
            requestDrain();
        }
        return true;
    }

    /**
     * The buffer is full. Under {@code persist-inline} a recording thread waits for room, and while
     * no drain is writing it writes the oldest batch itself: at saturation the store then keeps
     * writing whole batches, one transaction each, instead of one transaction per overflowing call
     * (which, on a database sharing the cores, made the overflow slower than the load it absorbed).
     * It waits only while batches keep committing: once the batch being written has taken
     * {@code buffer.overflow-wait}, the store may be hung, and the call writes its own row instead,
     * as a durable conversion and one offered during shutdown always do, by at most
     * {@code buffer.inline-writers} threads at once (the others drop and count), each for at most
     * the statement timeout. With the default wait (the statement timeout's), a hung database holds
     * the calls that overflow while its first batch times out for that long, once; a shorter wait
     * bounds them to {@code inline-writers} plus the batch writer, at the price of drops under a
     * slow but healthy database (docs/configuration.md). The first
     * failure marks the store down, so no later request waits on the same dead or locked database;
     * the flush tick's retry of the kept batch is the probe that brings it back.
     */
    void overflow(MicroConversionEvent event, boolean durable) {
        if (settings.overflow() == OverflowPolicy.DROP) {
            metrics.dropped("buffer-full", 1);
        } else if (storeDown && !closed) {
            metrics.dropped("store-unavailable", 1);
        } else if (durable || closed) {
            writeInline(event);
        } else if (waitForRoom(event)) {
            wake();
        } else if (storeDown && !closed) {
            metrics.dropped("store-unavailable", 1);
        } else {
            writeInline(event); // the batch being written is stalled, or shutdown began
        }
    }

    /**
     * Waits on the write lock, so a waiting thread sleeps until a batch is taken or committed and
     * then either finds room or writes the next batch itself.
     *
     * @return whether the conversion is in the buffer; false when the store failed, shutdown began
     *         or the batch being written has taken {@code buffer.overflow-wait}
     */
    private boolean waitForRoom(MicroConversionEvent event) {
        long patience = settings.overflowWait().toNanos();
        try {
            while (!storeDown && !closed) {
                if (buffer.offerIfRoom(event)) {
                    return true;
                }
                boolean locked = writeLock.tryLock();
                if (!locked) {
                    long left = patience - (System.nanoTime() - writeBegan);
                    if (left <= 0) {
                        return false;
                    }
                    locked = writeLock.tryLock(Math.min(left, ROOM_CHECK_NANOS), TimeUnit.NANOSECONDS);
                }
                if (locked) {
                    try {
                        if (buffer.offerIfRoom(event)) {
                            return true;
                        }
                        writeBatch();
                    } finally {
                        writeLock.unlock();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Writes one conversion in its own transaction, or drops and counts it. */
    private void writeInline(MicroConversionEvent event) {
        if (!inlineWriters.tryAcquire()) {
            metrics.dropped("inline-busy", 1);
            return;
        }
        try {
            List<Rejection> rejected = store.store(List.of(event));
            rejections.rejected(rejected);
            metrics.persisted().inc(1 - rejected.size());
        } catch (Exception e) {
            metrics.persistFailure(e);
            metrics.dropped("store-unavailable", 1);
            if (!storeDown) {
                storeDown = true;
                LOG.log(Level.SEVERE, "Buffer full and an inline write failed: conversion " + event.id()
                        + " is lost; the store is marked down, further overflow is dropped and counted until a "
                        + "retry every " + settings.flushInterval() + " succeeds", e);
            }
        } finally {
            inlineWriters.release();
        }
    }

    private void requestDrain() {
        if (!draining.get() && draining.compareAndSet(false, true)) {
            try {
                flushes.fireAsync(FlushRequested.INSTANCE, onExecutor).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        draining.set(false);
                        LOG.log(Level.SEVERE, "Conversion persisting observer failed", failure);
                    }
                });
            } catch (RuntimeException e) {
                // e.g. the executor rejected the task during shutdown; the tick or shutdown retries
                draining.set(false);
                LOG.log(Level.WARNING, "Could not schedule persisting conversions", e);
            }
        }
    }

    /** Drains the buffer in batches; runs on the managed executor via {@link PersistingObserver}. */
    void drain() {
        try {
            boolean more = true;
            while (more && !closed) {
                lingerForBatch();
                writeLock.lock();
                try {
                    more = writeBatch() && !buffer.isEmpty();
                } finally {
                    writeLock.unlock();
                }
            }
        } finally {
            draining.set(false);
        }
        // An event offered after the last poll but before the flag reset still gets drained.
        if (!buffer.isEmpty() && !storeDown && !closed) {
            requestDrain();
        }
    }

    /**
     * Lets a batch gather before writing (one write per batch, not per call, and no tiny batches
     * while conversions keep coming), in one park rather than a polling loop: a 100 µs poll woke
     * the drain twenty times per batch at the rates a shop sees, each wake-up a system call.
     * No linger after a full batch (the load outruns the writes: write on), nor while a durable
     * conversion's caller waits, whose offer unparks the drain; durable calls still share commits,
     * because those that arrive while a batch is being written go together in the next one. A burst
     * that fills the buffer during the linger is written by the overflowing caller itself.
     */
    private void lingerForBatch() {
        if (lastBatchFull) {
            return;
        }
        long deadline = System.nanoTime() + lingerNanos;
        buffer.lingering(Thread.currentThread());
        try {
            long left;
            while (!closed && buffer.size() < batchSize && !buffer.durableWaiting()
                    && (left = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(left);
            }
        } finally {
            buffer.lingering(null);
        }
    }

    /** @return true if a batch was written and more may wait */
    private boolean writeBatch() {
        List<MicroConversionEvent> batch = pending;
        List<CommitAck.Durable> acks = pendingAcks;
        if (batch.isEmpty()) {
            batch = new ArrayList<>(Math.min(batchSize, buffer.size() + 1));
            acks = new ArrayList<>(0);
            buffer.drainTo(batch, acks, batchSize);
            if (batch.isEmpty()) {
                return false;
            }
        }
        long start = System.nanoTime();
        writeBegan = start;
        List<Rejection> rejected;
        try {
            rejected = pendingAttempts >= ISOLATE_AFTER_ATTEMPTS ? store.isolate(batch) : store.store(batch);
        } catch (Exception e) {
            pending = batch;
            pendingAcks = acks;
            if (!StoreErrors.unavailable(e)) {
                pendingAttempts++; // an outage, however long, never sends a batch to the quarantine
            }
            metrics.persistFailure(e);
            if (!storeDown) {
                storeDown = true;
                LOG.log(Level.WARNING, "Could not persist " + batch.size() + " conversions; keeping them and "
                        + "retrying every " + settings.flushInterval(), e);
            }
            return false;
        }
        metrics.persistDuration().update(Duration.ofNanos(System.nanoTime() - start));
        lastBatchFull = batch.size() >= batchSize;
        rejections.rejected(rejected);
        metrics.persisted().inc(batch.size() - rejected.size());
        pending = List.of();
        pendingAcks = List.of();
        pendingAttempts = 0;
        acknowledge(acks, rejected);
        if (storeDown) {
            storeDown = false;
            LOG.info("Conversion store is back; persisting buffered conversions");
        }
        return true;
    }

    /** Wakes the callers of the durable conversions of a committed batch. */
    private static void acknowledge(List<CommitAck.Durable> acks, List<Rejection> rejected) {
        if (acks.isEmpty()) {
            return;
        }
        Set<UUID> quarantined = new HashSet<>();
        for (Rejection r : rejected) {
            quarantined.add(r.event().id());
        }
        for (CommitAck.Durable d : acks) {
            d.ack().complete(quarantined.contains(d.event().id())
                    ? CommitAck.Outcome.QUARANTINED
                    : CommitAck.Outcome.COMMITTED);
        }
    }

    private void tick() {
        try {
            if (!closed && (!buffer.isEmpty() || !pending.isEmpty())) {
                requestDrain();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Periodic conversion flush failed", e);
        }
    }

    /** @return conversions waiting in memory */
    public int depth() {
        return buffer.size() + pending.size();
    }

    /** On shutdown, writes everything still buffered, on the calling thread. */
    void flushOnShutdown(
            @Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        closed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        try {
            if (!writeLock.tryLock(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.severe("A conversion batch was still being written after " + SHUTDOWN_WAIT_SECONDS + " s");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            while (writeBatch()) {
                // keep writing until empty or the store fails
            }
            int lost = depth();
            if (lost > 0) {
                metrics.dropped("shutdown", lost);
                LOG.severe("Shutting down with the store unavailable: " + lost + " conversions were not persisted");
            }
        } finally {
            writeLock.unlock();
        }
    }
}
