package org.microconversions.interceptors.support;

import io.smallrye.metrics.SharedMetricRegistries;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricFilter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.cdi.MicroConversionExtension;
import org.microconversions.interceptors.cdi.MicroConversionInterceptor;
import org.microconversions.interceptors.collect.Collector;
import org.microconversions.interceptors.experiment.DefaultExperiments;
import org.microconversions.interceptors.insights.InsightsQueries;
import org.microconversions.interceptors.insights.InsightsResource;
import org.microconversions.interceptors.metrics.ConversionMetrics;
import org.microconversions.interceptors.outbox.Outbox;
import org.microconversions.interceptors.outbox.OutboxForwarder;
import org.microconversions.interceptors.pipeline.PersistingObserver;
import org.microconversions.interceptors.pipeline.Pipeline;
import org.microconversions.interceptors.privacy.RetentionJob;
import org.microconversions.interceptors.privacy.UserIds;
import org.microconversions.interceptors.privacy.VisitorErasure;
import org.microconversions.interceptors.record.DefaultMicroConversions;
import org.microconversions.interceptors.record.Recorder;
import org.microconversions.interceptors.sink.Sinks;
import org.microconversions.interceptors.sink.kafka.KafkaSinkExtension;
import org.microconversions.interceptors.store.DailyCountsJob;
import org.microconversions.interceptors.store.EventStore;
import org.microconversions.interceptors.store.JdbcEventStore;
import org.microconversions.interceptors.visitor.HttpVisitorResolver;

import javax.sql.DataSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts the suite under Weld SE with real SmallRye Config and Metrics, a real database, and
 * plain executors standing in for the managed ones. Config values are set per container.
 */
public final class TestContainer implements AutoCloseable {

    /** Every bean the suite brings, as a bean archive would declare them; the benchmark reuses it. */
    public static final Class<?>[] SUITE_BEANS = {MicroConversionInterceptor.class,
            Recorder.class, DefaultMicroConversions.class, Pipeline.class,
            PersistingObserver.class, JdbcEventStore.class, ConversionMetrics.class, HttpVisitorResolver.class,
            Sinks.class, Outbox.class, OutboxForwarder.class, UserIds.class, VisitorErasure.class, RetentionJob.class,
            DailyCountsJob.class,
            Collector.class, DefaultExperiments.class, InsightsQueries.class, InsightsResource.class};

    private static volatile TestContainer current;

    final DataSource dataSource;
    final Executor executor;
    final ScheduledExecutorService scheduler;
    final TransactionSynchronizationRegistry transactions;
    private final Map<String, String> config;
    private final WeldContainer weld;

    private TestContainer(Builder b) {
        this.dataSource = b.dataSource;
        this.executor = b.executor != null ? b.executor : Executors.newFixedThreadPool(2);
        this.scheduler = Executors.newSingleThreadScheduledExecutor();
        this.transactions = b.transactions;
        this.config = b.config;
        current = this;
        config.forEach(System::setProperty);
        releaseConfig();
        SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE).removeMatching(MetricFilter.ALL);
        Weld w = new Weld().disableDiscovery()
                .addExtension(new MicroConversionExtension())
                .addExtension(new KafkaSinkExtension())
                .addBeanClasses(SUITE_BEANS)
                .addBeanClasses(TestResources.class, TestMetricRegistry.class)
                .addBeanClasses(b.beans.toArray(Class<?>[]::new));
        try {
            this.weld = w.initialize();
        } catch (RuntimeException e) {
            cleanUp();
            throw e;
        }
    }

    static TestContainer current() {
        return current;
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    public <T> T bean(Class<T> type) {
        return weld.select(type).get();
    }

    /**
     * Stores {@code n} add-to-cart conversions, one per visitor, straight through the store (its
     * outbox rows included), as one batch of the pipeline would.
     *
     * @return their ids, in order
     */
    public List<UUID> persistOnePerVisitor(int n) throws Exception {
        List<MicroConversionEvent> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(MicroConversionEvent.builder().id(UUID.randomUUID()).name("add-to-cart")
                    .visitorId("v-" + i + "-0123456789abcdef").timestamp(Instant.now()).build());
        }
        bean(EventStore.class).store(batch);
        return batch.stream().map(MicroConversionEvent::id).toList();
    }

    /** @return the value of {@code microconversions_conversions_total{name,kind}}, failing if absent */
    public static long conversions(String name, String kind) {
        return counter("microconversions.conversions", new Tag("name", name), new Tag("kind", kind));
    }

    /** @return a counter's value, failing the test if the counter does not exist */
    public static long counter(String name, Tag... tags) {
        MetricRegistry r = SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE);
        Counter c = r.getCounters().get(new MetricID(name, tags));
        if (c == null) {
            throw new AssertionError("no counter " + new MetricID(name, tags) + " in " + r.getCounters().keySet());
        }
        return c.getCount();
    }

    /** @return the sum of a counter over all its tags (e.g. every exception class), 0 if there is none */
    public static long total(String name) {
        return SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE).getCounters().entrySet()
                .stream().filter(e -> e.getKey().getName().equals(name)).mapToLong(e -> e.getValue().getCount())
                .sum();
    }

    /** @return whether a counter exists */
    public static boolean hasCounter(String name, Tag... tags) {
        return SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE).getCounters()
                .containsKey(new MetricID(name, tags));
    }

    @Override
    public void close() {
        try {
            weld.shutdown();
        } finally {
            cleanUp();
        }
    }

    private void cleanUp() {
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

    private static void releaseConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig(
                Thread.currentThread().getContextClassLoader()));
    }

    public static final class Builder {
        private final DataSource dataSource;
        private Executor executor;
        private TransactionSynchronizationRegistry transactions;
        private final Map<String, String> config = new HashMap<>();
        private final List<Class<?>> beans = new ArrayList<>();

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Forwarding on a test's time scale: flush and poll every 50 ms, retries after 50 ms doubling
         * to 200 ms (the defaults are 1 s, 1 s and 1 s to 5 min).
         */
        public Builder fastForwarding() {
            return config("microconversions.flush-interval", "50ms")
                    .config("microconversions.outbox.poll-interval", "50ms")
                    .config("microconversions.outbox.backoff.initial", "50ms")
                    .config("microconversions.outbox.backoff.max", "200ms");
        }

        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        public Builder beans(Class<?>... classes) {
            beans.addAll(List.of(classes));
            return this;
        }

        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        public Builder transactions(TransactionSynchronizationRegistry transactions) {
            this.transactions = transactions;
            return this;
        }

        public TestContainer start() {
            return new TestContainer(this);
        }
    }
}
