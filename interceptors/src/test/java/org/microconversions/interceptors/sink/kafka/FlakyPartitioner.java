package org.microconversions.interceptors.sink.kafka;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A producer partitioner (set with {@code producer.partitioner.class}) that fails the first
 * {@link #FAILURES} sends of records keyed {@link #FLAKY_KEY} with a retriable Kafka error, the
 * way a record's send fails on its own while the others of its batch succeed.
 */
public class FlakyPartitioner implements Partitioner {

    static final String FLAKY_KEY = "v-flaky";
    static final int FAILURES = 2;
    static final AtomicInteger FLAKY_SENDS = new AtomicInteger();

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        if (FLAKY_KEY.equals(key) && FLAKY_SENDS.incrementAndGet() <= FAILURES) {
            throw new TimeoutException("flaky partition for " + FLAKY_KEY);
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % cluster.partitionsForTopic(topic).size();
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
