package org.microconversions.interceptors.record;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.metrics.Counter;
import org.microconversions.api.Durability;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.container.ContainerResources;
import org.microconversions.interceptors.metrics.ConversionMetrics;
import org.microconversions.interceptors.pipeline.ConversionBuffer;
import org.microconversions.interceptors.pipeline.Pipeline;
import org.microconversions.interceptors.privacy.UserIds;
import org.microconversions.interceptors.visitor.CurrentVisitor;
import org.microconversions.interceptors.visitor.HttpVisitorResolver;
import org.microconversions.spi.VisitorResolver;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a successful call into a {@link MicroConversionEvent} on the calling thread (id, time,
 * visitor) and hands it to the {@link Pipeline}. Inside a JTA transaction the hand-off waits for
 * the commit: a rolled-back checkout is not a conversion.
 *
 * <p>Never throws into the shop's call: a failure here is logged and counted.
 */
@ApplicationScoped
public class Recorder {

    private static final Logger LOG = Logger.getLogger(Recorder.class.getName());

    @Inject
    Settings settings;

    @Inject
    Pipeline pipeline;

    @Inject
    ConversionMetrics metrics;

    @Inject
    Instance<VisitorResolver> visitors;

    @Inject
    ContainerResources resources;

    @Inject
    UserIds userIds;

    @Inject
    MethodPlans plans;

    private final Invocations invocations = new Invocations(this);
    private ResponseRecording responses;
    private ConversionBuffer buffer;
    /** The visitor resolver, or null when it is the default one, which is read directly. */
    private VisitorResolver customVisitors;
    private boolean enabled;
    private long durableTimeoutNanos;
    private boolean joinsTransactions;
    private TransactionSynchronizationRegistry transactions;
    private volatile boolean failureLogged;

    @PostConstruct
    void init() {
        enabled = settings.enabled();
        durableTimeoutNanos = settings.durable().timeout().toNanos();
        joinsTransactions = pipeline.joinsTransactions();
        transactions = resources.transactions().orElse(null);
        buffer = pipeline.buffer(); // held directly: no proxy hop per conversion
        responses = new ResponseRecording(this, plans.planner());
        customVisitors = visitors.isResolvable()
                && visitors.getHandle().getBean().getBeanClass() == HttpVisitorResolver.class ? null : visitors.get();
    }

    /**
     * For the interceptor to hold: bound to this instance rather than to the client proxy, whose
     * hop costs a context lookup, an argument array and a reflective call on every call. Safe
     * because the application scope outlives every interceptor instance.
     *
     * @return the interceptor's around-advice, bound to this recorder
     */
    public Invocations invocations() {
        return invocations;
    }

    /**
     * For the JAX-RS response filter to hold, as {@link #invocations()} is for the interceptor: the
     * response path bound to this instance, not to the client proxy it is called through.
     *
     * @return the response path
     */
    public ResponseRecording responses() {
        return responses;
    }

    /** @return whether tracking is on ({@code microconversions.enabled}) */
    public boolean enabled() {
        return enabled;
    }

    ConversionMetrics metrics() {
        return metrics;
    }

    Settings settings() {
        return settings;
    }

    /** @return the current visitor, resolved on the calling thread */
    public VisitorContext visitor() {
        if (customVisitors == null) {
            return CurrentVisitor.get();
        }
        try {
            VisitorContext v = customVisitors.current();
            return v == null ? VisitorContext.NONE : v;
        } catch (RuntimeException e) {
            logOnce("VisitorResolver failed; recording without a visitor", e);
            return VisitorContext.NONE;
        }
    }

    /** Records a successful call of an annotated method. */
    public void succeeded(MethodPlan plan, Details details, VisitorContext visitor) {
        if (details != null && details.cancelled) {
            return;
        }
        try {
            MicroConversionEvent event = build(plan.name(), plan.kind(), plan.origin(), details, visitor);
            commit(event, plan.conversions(this), plan.durable());
        } catch (RuntimeException e) {
            logOnce("Could not record conversion " + plan, e);
            metrics.dropped("invalid", 1);
        }
    }

    /** Counts a call of an annotated method that threw: not a conversion. */
    public void failed(MethodPlan plan, Throwable cause) {
        try {
            plan.failures(this, exceptionTag(cause.getClass())).inc();
        } catch (RuntimeException e) {
            logOnce("Could not count failure of " + plan, e);
        }
    }

    /** Counts a JAX-RS resource method that answered with a non-2xx status. */
    void failedStatus(MethodPlan plan, int status) {
        try {
            plan.failures(this, "http_" + status / 100 + "xx").inc();
        } catch (RuntimeException e) {
            logOnce("Could not count failure of " + plan, e);
        }
    }

    /**
     * Records a conversion that arrived from the browser, already validated and built with the
     * client's id and time (the id lets duplicates be ignored).
     */
    public void recordCollected(MicroConversionEvent event) {
        commit(event, metrics.conversions(event.name(), event.kind()), false); // a beacon never waits
    }

    /** Records a conversion by hand (programmatic API); bad input throws to the caller. */
    UUID record(String name, Kind kind, Durability durability, Details details, String origin) {
        if (!settings.allows(name)) {
            throw new IllegalArgumentException("conversion name '" + name
                    + "' is not in microconversions.names.allowed");
        }
        MicroConversionEvent event = build(name, kind, origin, details, visitor());
        commit(event, metrics.conversions(name, kind), settings.durable().durable(name, kind, durability));
        return event.id();
    }

    private MicroConversionEvent build(String name, Kind kind, String origin, Details details,
            VisitorContext v) {
        // no timestamp: the event takes it from the UUIDv7 id, which saves a clock read per call
        UUID id = EventIds.next();
        if (details == null) {
            // the common case, without a builder: the event is the only allocation besides its id
            VisitorContext visitor = v.userId() == null ? v : v.withUserId(userIds.protect(v.userId()));
            return MicroConversionEvent.of(id, name, kind, visitor, origin);
        }
        MicroConversionEvent.Builder b = MicroConversionEvent.builder()
                .id(id)
                .name(name)
                .kind(kind)
                .visitor(v)
                .origin(origin);
        details.applyTo(b);
        String userId = details.userId != null ? details.userId : v.userId();
        return b.userId(userId == null ? null : userIds.protect(userId)).build();
    }

    private void commit(MicroConversionEvent event, Counter counter, boolean durable) {
        TransactionSynchronizationRegistry tx = transactions;
        if (tx != null) {
            int status = tx.getTransactionStatus();
            if (status == Status.STATUS_MARKED_ROLLBACK) {
                return;
            }
            if (status == Status.STATUS_ACTIVE) {
                tx.registerInterposedSynchronization(durable && joinsTransactions
                        ? new InTransaction(this, tx, event, counter)
                        : new AfterCommit(this, event, counter, durable));
                return;
            }
        }
        publish(event, counter, durable);
    }

    private void publish(MicroConversionEvent event, Counter counter, boolean durable) {
        counter.inc();
        if (!durable) {
            buffer.accept(event);
        } else if (!buffer.acceptDurable(event, durableTimeoutNanos)) {
            metrics.durableTimeouts(event.name()).inc();
        }
    }

    private static String exceptionTag(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }

    private void logOnce(String message, Throwable e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.log(Level.WARNING, message + " (further failures are only counted)", e);
        }
    }

    /**
     * Writes a durable event in the transaction itself, last thing before it completes, so it
     * commits or rolls back with the shop's work. If it cannot be written there (a refused row,
     * the store not ready), the transaction goes on untouched and, if it commits, the event takes
     * the durable way after the commit: the pipeline, which quarantines a refused row.
     */
    private static final class InTransaction implements Synchronization {
        private final Recorder recorder;
        private final TransactionSynchronizationRegistry tx;
        private final MicroConversionEvent event;
        private final Counter counter;
        private boolean written;

        InTransaction(Recorder recorder, TransactionSynchronizationRegistry tx, MicroConversionEvent event,
                Counter counter) {
            this.recorder = recorder;
            this.tx = tx;
            this.event = event;
            this.counter = counter;
        }

        @Override
        public void beforeCompletion() {
            if (tx.getTransactionStatus() != Status.STATUS_ACTIVE) {
                return; // marked for rollback: nothing to write
            }
            try {
                recorder.pipeline.writeInTransaction(event);
                written = true;
            } catch (Exception | LinkageError e) {
                recorder.logOnce("Could not write durable conversion " + event.id() + " in the transaction;"
                        + " it is written after the commit instead", e);
            }
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                return;
            }
            if (written) {
                counter.inc();
                recorder.pipeline.committedInTransaction();
            } else {
                recorder.publish(event, counter, true);
            }
        }
    }

    /**
     * Publishes the event only if the transaction commits; a durable one is then waited for on the
     * committing thread, so the shop's call returns after both commits.
     */
    private record AfterCommit(Recorder recorder, MicroConversionEvent event, Counter counter, boolean durable)
            implements
                Synchronization {
        @Override
        public void beforeCompletion() {
            // nothing to do before the outcome is known
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                recorder.publish(event, counter, durable);
            }
        }
    }
}
