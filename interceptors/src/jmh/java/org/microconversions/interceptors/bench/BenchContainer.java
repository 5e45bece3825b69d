package org.microconversions.interceptors.bench;

import io.smallrye.metrics.SharedMetricRegistries;
import io.smallrye.metrics.legacyapi.LegacyMetricsExtension;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.metrics.MetricFilter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.jboss.weld.environment.se.Weld;
import org.microconversions.interceptors.sink.kafka.KafkaSinkExtension;
import org.microconversions.interceptors.support.TestContainer;
import org.jboss.weld.environment.se.WeldContainer;
import org.microconversions.interceptors.cdi.MicroConversionExtension;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The suite under Weld SE, as in the unit tests' container, but with SmallRye Metrics' own CDI
 * extension (so {@code @Counted} works and the registry comes from its producer), plain
 * executors standing in for the managed ones, and extra bean classes per benchmark.
 */
public final class BenchContainer implements AutoCloseable {

    /** Name prefix of the threads the async observer (the drain) runs on. */
    static final String DRAIN_THREAD_PREFIX = "mc-drain-";

    private static volatile BenchContainer current;

    volatile DataSource dataSource;
    final Executor executor;
    final ScheduledExecutorService scheduler;
    private final Map<String, String> config;
    private final WeldContainer weld;

    BenchContainer(DataSource dataSource, Map<String, String> config, List<Class<?>> beans) {
        this.dataSource = dataSource;
        // -Dbench.drain=off: a diagnostic that never runs the drain, so the buffer fills and every later
        // call takes the overflow path (persist-inline into the store): the request thread without the drain.
        this.executor = "off".equals(System.getProperty("bench.drain"))
                ? task -> { }
                : Executors.newFixedThreadPool(2, named(DRAIN_THREAD_PREFIX));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("mc-tick-"));
        this.config = config;
        current = this;
        config.forEach(System::setProperty);
        releaseConfig();
        SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE).removeMatching(MetricFilter.ALL);
        Weld w = new Weld().disableDiscovery()
                .addExtension(new MicroConversionExtension())
                .addExtension(new KafkaSinkExtension())
                .addExtension(new LegacyMetricsExtension())
                .addBeanClasses(TestContainer.SUITE_BEANS)
                .addBeanClasses(BenchResources.class)
                .addBeanClasses(beans.toArray(Class<?>[]::new));
        this.weld = w.initialize();
    }

    static BenchContainer current() {
        return current;
    }

    <T> T bean(Class<T> type, java.lang.annotation.Annotation... qualifiers) {
        return weld.select(type, qualifiers).get();
    }

    static MetricRegistry registry() {
        return SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE);
    }

    @Override
    public void close() {
        try {
            weld.shutdown();
        } finally {
            scheduler.shutdownNow();
            if (executor instanceof ExecutorService es) {
                es.shutdownNow();
                try {
                    es.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            config.keySet().forEach(System::clearProperty);
            releaseConfig();
        }
    }

    private static void releaseConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig(
                Thread.currentThread().getContextClassLoader()));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
