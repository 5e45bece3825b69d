package org.microconversions.interceptors.sink.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.sink.Failures;
import org.microconversions.spi.DeliveryResult;
import org.microconversions.spi.DeliveryResult.Failure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only class of the Kafka sink that touches kafka-clients: one idempotent producer
 * ({@code acks=all}, {@code enable.idempotence=true}) and how a batch becomes records.
 */
final class KafkaSender {

    /** Header holding the event id, the key consumers de-duplicate on. */
    static final String EVENT_ID_HEADER = "mc-event-id";
    /** Header holding {@link EventJson#SCHEMA}. */
    static final String SCHEMA_HEADER = "mc-schema";

    /** Producers created and not yet closed, in this JVM (tests check shutdown closes them). */
    static final AtomicInteger OPEN = new AtomicInteger();

    private static final int LINGER_MS = 5;
    private static final byte[] SCHEMA_BYTES = EventJson.SCHEMA.getBytes(StandardCharsets.UTF_8);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final long boundNanos;

    KafkaSender(KafkaSinkSettings settings, Map<String, Object> config) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(KafkaSender.class.getClassLoader()); // Kafka loads plug-ins by name from it
        try {
            this.producer = new KafkaProducer<>(new HashMap<>(config), new StringSerializer(),
                    new ByteArraySerializer());
        } finally {
            t.setContextClassLoader(previous);
        }
        OPEN.incrementAndGet();
        this.topic = settings.topic();
        long maxBlock = Long.parseLong(config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG).toString());
        // send() blocks at most max.block.ms (metadata), then every record completes within delivery.timeout.ms
        this.boundNanos = TimeUnit.MILLISECONDS.toNanos(maxBlock + settings.deliveryTimeout().toMillis() + 5_000);
    }

    /**
     * The producer properties for these settings, validated as Kafka would validate them.
     *
     * @throws InvalidConfigException naming the {@code microconversions.sink.kafka.*} key at fault
     */
    static Map<String, Object> producerConfig(KafkaSinkSettings s) {
        long deliveryTimeout = s.deliveryTimeout().toMillis();
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(LINGER_MS));
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(10_000, deliveryTimeout)));
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(Math.max(1, Math.min(30_000, deliveryTimeout - LINGER_MS))));
        for (Map.Entry<String, String> e : s.producer().entrySet()) {
            if (!ProducerConfig.configNames().contains(e.getKey())) {
                String key = KafkaSinkSettings.PRODUCER_PREFIX + e.getKey();
                throw InvalidConfigException.invalid(key, KafkaSinkSettings.shown(e.getKey(), e.getValue()),
                        "'" + e.getKey()
                                + "' is not a Kafka producer property (misspelt?)");
            }
            c.put(e.getKey(), e.getValue());
        }
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeout));

        Map<String, Object> check = new HashMap<>(c);
        check.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        check.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        ProducerConfig parsed;
        try {
            parsed = new ProducerConfig(check);
        } catch (ConfigException e) {
            String key = s.producer().keySet().stream().filter(k -> String.valueOf(e.getMessage()).contains(k))
                    .findFirst().map(k -> KafkaSinkSettings.PRODUCER_PREFIX + k)
                    .orElse(KafkaSinkSettings.PRODUCER_PREFIX + "*");
            throw InvalidConfigException.of(key, "Invalid configuration " + key + ": " + e.getMessage());
        }
        long linger = parsed.getLong(ProducerConfig.LINGER_MS_CONFIG);
        long request = parsed.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        if (deliveryTimeout < linger + request) {
            throw InvalidConfigException.invalid(KafkaSinkSettings.DELIVERY_TIMEOUT, s.deliveryTimeout().toString(),
                    "must be at least linger.ms + request.timeout.ms = " + (linger + request) + " ms");
        }
        return Map.copyOf(c);
    }

    /** What a send gave: each record's outcome, and whether the producer must be replaced. */
    record Sent(DeliveryResult result, Throwable fatal) {
    }

    /**
     * Sends the batch, flushes, and waits for every acknowledgement. Each record has its own
     * outcome: acknowledged ones are delivered, a record too large is rejected for good, any other
     * failure retries that record alone; an acknowledged record is never sent again. After a send
     * that failed at once (no metadata within max.block.ms) nothing more is sent.
     */
    Sent send(List<MicroConversionEvent> batch) throws InterruptedException {
        long deadline = System.nanoTime() + boundNanos;
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        DeliveryResult.Builder result = DeliveryResult.builder();
        Throwable[] fatal = {null};
        Failure stopAll = null;
        for (MicroConversionEvent e : batch) {
            if (stopAll != null) {
                result.fail(e.id(), Failure.notSent("not sent: " + stopAll.reason()));
                acks.add(null);
                continue;
            }
            Future<RecordMetadata> ack;
            try {
                ack = producer.send(record(e));
            } catch (KafkaException ex) {
                stopAll = failure(ex, fatal);
                result.fail(e.id(), stopAll);
                acks.add(null);
                continue;
            }
            // Kafka reports some failures in an already completed future instead of throwing: no
            // metadata after max.block.ms (broker unreachable, topic missing), a record too large.
            // Stop at the first, or every further send would wait max.block.ms again.
            if (ack.isDone()) {
                Failure f = settle(ack, deadline, fatal);
                if (f != null) {
                    result.fail(e.id(), f);
                    if (f.kind() != Failure.Kind.REJECTED) {
                        stopAll = f;
                    }
                    ack = null;
                }
            }
            acks.add(ack);
        }
        producer.flush();
        for (int i = 0; i < acks.size(); i++) {
            Future<RecordMetadata> ack = acks.get(i);
            Failure f = ack == null ? null : settle(ack, deadline, fatal);
            if (f != null) {
                result.fail(batch.get(i).id(), f);
            }
        }
        return new Sent(result.build(), fatal[0]);
    }

    /** @return null when acknowledged */
    private Failure settle(Future<RecordMetadata> ack, long deadline, Throwable[] fatal) throws InterruptedException {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            if (cause instanceof RecordTooLargeException) {
                return Failure.rejected("Kafka refused the record: " + cause.getMessage());
            }
            return failure(cause, fatal);
        } catch (TimeoutException ex) {
            return Failure.retry("timeout", "no acknowledgement from Kafka within " + boundNanos / 1_000_000 + " ms");
        }
    }

    private static Failure failure(Throwable cause, Throwable[] fatal) {
        if (!keepsProducer(cause) && fatal[0] == null) {
            fatal[0] = cause;
        }
        return Failure.retry(Failures.kind(cause).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"),
                "Kafka: " + cause);
    }

    ProducerRecord<String, byte[]> record(MicroConversionEvent e) {
        String id = e.id().toString();
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(EVENT_ID_HEADER, id.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(SCHEMA_HEADER, SCHEMA_BYTES));
        return new ProducerRecord<>(topic, null, null, key(e), EventJson.write(e), headers);
    }

    /** The visitor id, so each visitor's conversions share a partition; the event id without a visitor. */
    static String key(MicroConversionEvent e) {
        return e.visitorId() != null ? e.visitorId() : e.id().toString();
    }

    /**
     * @return whether the producer can be used again after this failure: Kafka's retriable errors
     *         (broker down, leader moved, timeouts). The idempotent producer then keeps its id, and the
     *         broker fences its older, late requests, which keeps each partition in order.
     */
    static boolean keepsProducer(Throwable failure) {
        return failure instanceof RetriableException || failure instanceof TimeoutException;
    }

    void close(Duration timeout) {
        try {
            producer.close(timeout);
        } finally {
            OPEN.decrementAndGet();
        }
    }
}
