package org.microconversions.interceptors.sink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.microconversions.interceptors.sink.Sinks;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.spi.ConversionSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the topic back, and finding the sink in the test container. */
final class KafkaTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private KafkaTestSupport() {
    }

    /** One record as a consumer sees it. */
    record Received(String key, String eventId, String schemaHeader, JsonNode value, int partition, long offset) {
    }

    /** @return the one enabled sink named kafka */
    static ConversionSink theSink(TestContainer c) {
        List<ConversionSink> kafka = c.bean(Sinks.class).enabled().stream()
                .filter(s -> KafkaSink.NAME.equals(s.name())).toList();
        assertThat(kafka).hasSize(1);
        return kafka.get(0);
    }

    /**
     * Reads the whole topic from the beginning until {@code atLeast} records arrived and nothing
     * more came for a moment, or the timeout passed.
     */
    static List<Received> readAll(String bootstrap, String topic, int atLeast, Duration timeout) throws IOException {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Received> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            int emptyPollsAfterEnough = 0;
            while (System.nanoTime() < deadline && emptyPollsAfterEnough < 3) {
                var records = consumer.poll(Duration.ofMillis(300));
                for (ConsumerRecord<String, byte[]> r : records) {
                    out.add(new Received(r.key(), header(r, KafkaSender.EVENT_ID_HEADER),
                            header(r, KafkaSender.SCHEMA_HEADER), JSON.readTree(r.value()), r.partition(), r.offset()));
                }
                if (out.size() >= atLeast && records.isEmpty()) {
                    emptyPollsAfterEnough++;
                }
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
