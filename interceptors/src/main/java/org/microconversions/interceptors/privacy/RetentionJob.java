package org.microconversions.interceptors.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.container.ContainerResources;
import org.microconversions.interceptors.store.JdbcEventStore;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Deletes conversions older than {@code microconversions.privacy.retention}, hourly. */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());
    static final Duration PERIOD = Duration.ofHours(1);

    @Inject
    Settings settings;

    @Inject
    ContainerResources resources;

    @Inject
    JdbcEventStore store;

    private volatile ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!settings.enabled() || settings.privacy().retention() == null) {
            return;
        }
        task = resources.scheduler().scheduleWithFixedDelay(this::runOnce, 1, PERIOD.toMinutes(), TimeUnit.MINUTES);
    }

    /** @return conversions deleted */
    public long runOnce() {
        try {
            long n = store.events().deleteBefore(Instant.now().minus(settings.privacy().retention()));
            if (n > 0) {
                LOG.info(() -> "Retention: deleted " + n + " conversions older than " + settings.privacy().retention());
            }
            return n;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Retention job failed; retrying in " + PERIOD, e);
            return 0;
        }
    }

    void stop(
            @Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
