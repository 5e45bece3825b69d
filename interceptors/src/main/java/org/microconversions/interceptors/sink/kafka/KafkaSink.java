package org.microconversions.interceptors.sink.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Forwards conversions to a Kafka topic, one JSON record per conversion (schema
 * {@code microconversion/v1}, docs/sinks.md), keyed by visitor id, with the event id in the
 * {@code mc-event-id} header. Enabled with {@code microconversions.sink.kafka.enabled=true}.
 *
 * <p>Delivery is at least once: a batch is sent, flushed and every acknowledgement awaited; each
 * record has its own outcome, so only records that failed (and the same visitor's later ones) are
 * retried. Consumers de-duplicate on {@code mc-event-id}.
 *
 * <p>Not a bean by itself: it has no bean-defining annotation, because kafka-clients is optional
 * and a discovered class whose producer class is missing would break the deployment.
 * {@link KafkaSinkRegistration} adds it, {@code @ApplicationScoped}, only where kafka-clients can be
 * loaded. Its signatures use no Kafka type; {@link KafkaSender} holds the producer. The producer is
 * created on the first delivery, kept, and closed in {@link #close()}; the sink is correct in any
 * scope that destroys it with the application (as {@code @Dependent} it is destroyed with
 * {@code Sinks}, which holds it).
 */
public class KafkaSink implements ConversionSink {

    /** The sink's name: the {@code sink} metric tag and its outbox key. */
    public static final String NAME = "kafka";

    private static final Logger LOG = Logger.getLogger(KafkaSink.class.getName());
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final AtomicReference<KafkaSender> sender = new AtomicReference<>();
    private volatile KafkaSinkSettings settings;
    private volatile Map<String, Object> producerConfig;
    private volatile boolean closed;

    /** Takes the settings validated at deployment. */
    @Inject
    void init(KafkaSinkSettings s) {
        if (s.enabled()) {
            producerConfig = KafkaSender.producerConfig(s);
            LOG.info(() -> "Kafka sink enabled: topic " + s.topic() + " at " + s.bootstrapServers());
        }
        settings = s;
    }

    private KafkaSinkSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The shop's own broker: conversions under Global Privacy Control are still owed to it. */
    @Override
    public boolean thirdParty() {
        return false;
    }

    @Override
    public boolean enabled() {
        return settings().enabled();
    }

    @Override
    public int maxBatchSize() {
        return settings().maxBatchSize();
    }

    /**
     * Sends every event, flushes, and waits for every acknowledgement, at most about
     * {@code max.block.ms} + {@code delivery-timeout}.
     *
     * @return each record's outcome: acknowledged, retried alone, or refused for good (too large)
     */
    @Override
    public synchronized DeliveryResult deliver(List<MicroConversionEvent> batch) throws Exception {
        if (closed) {
            throw new IllegalStateException("the Kafka sink is closed (application stopping)");
        }
        KafkaSender s = sender.get();
        if (s == null) {
            KafkaSinkSettings current = settings();
            if (!current.enabled()) {
                throw new IllegalStateException("the Kafka sink is not enabled");
            }
            s = new KafkaSender(current, producerConfig);
            sender.set(s);
            if (closed) { // closed while the producer was being created
                close();
                throw new IllegalStateException("the Kafka sink is closed (application stopping)");
            }
        }
        KafkaSender.Sent sent = s.send(batch);
        if (sent.fatal() != null && sender.compareAndSet(s, null)) {
            s.close(Duration.ZERO); // a fresh producer next time
        }
        return sent.result();
    }

    /** Closes the producer, waiting a few seconds for records still being sent. */
    @PreDestroy
    void close() {
        closed = true;
        KafkaSender s = sender.getAndSet(null);
        if (s != null) {
            s.close(CLOSE_TIMEOUT);
        }
    }
}
