package org.microconversions.interceptors.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.container.ContainerResources;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Folds PostgreSQL's daily count ledger ({@link DailyCounts}) every minute, off the request path. */
@ApplicationScoped
public class DailyCountsJob {

    private static final Logger LOG = Logger.getLogger(DailyCountsJob.class.getName());

    @Inject
    Settings settings;

    @Inject
    ContainerResources resources;

    @Inject
    JdbcEventStore store;

    private volatile ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (settings.enabled()) {
            task = resources.scheduler().scheduleWithFixedDelay(this::runOnce, 1, 1, TimeUnit.MINUTES);
        }
    }

    /** @return the day and name pairs folded */
    public long runOnce() {
        try {
            return store.dailyCounts().compact();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Folding the daily count ledger failed; retrying in a minute", e);
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
