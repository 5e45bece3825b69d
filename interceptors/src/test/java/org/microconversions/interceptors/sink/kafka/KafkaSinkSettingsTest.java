package org.microconversions.interceptors.sink.kafka;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.ConfigSection;
import org.microconversions.interceptors.config.Configuration;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.microconversions.interceptors.sink.kafka.KafkaSinkSettings.*;

class KafkaSinkSettingsTest {

    private static Config config(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(map, "test", 500)).build();
    }

    private static InvalidConfigException failure(String... keyValues) {
        try {
            KafkaSinkSettings s = KafkaSinkSettings.from(config(keyValues));
            KafkaSender.producerConfig(s);
        } catch (InvalidConfigException e) {
            return e;
        }
        throw new AssertionError("expected a configuration error for " + String.join(" ", keyValues));
    }

    @Test
    void disabledByDefaultAndNeedsNothingElse() {
        KafkaSinkSettings s = KafkaSinkSettings.from(config());
        assertThat(s.enabled()).isFalse();
        assertThat(s.topic()).isEqualTo("microconversions");
        assertThat(s.deliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxBatchSize()).isEqualTo(500);
    }

    @Test
    void producerIsIdempotentWithAcksAllAndPassesExtraPropertiesThrough() {
        KafkaSinkSettings s = KafkaSinkSettings.from(config(ENABLED, "true", BOOTSTRAP_SERVERS, "k1:9092, k2:9093",
                DELIVERY_TIMEOUT, "2s", PRODUCER_PREFIX + "security.protocol", "SSL",
                PRODUCER_PREFIX + "compression.type", "zstd"));
        Map<String, Object> p = KafkaSender.producerConfig(s);
        assertThat(p).containsEntry("bootstrap.servers", "k1:9092,k2:9093").containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true").containsEntry("delivery.timeout.ms", "2000")
                .containsEntry("security.protocol", "SSL").containsEntry("compression.type", "zstd")
                .containsEntry("max.block.ms", "2000").containsEntry("request.timeout.ms", "1995");
    }

    @Test
    void enabledWithoutBootstrapServersNamesTheKey() {
        InvalidConfigException e = failure(ENABLED, "true");
        assertThat(e.key()).isEqualTo(BOOTSTRAP_SERVERS);
        assertThat(e).hasMessageContaining(BOOTSTRAP_SERVERS).hasMessageContaining("required");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThat(failure(ENABLED, "yes").key()).isEqualTo(ENABLED);
        assertThat(failure(ENABLED, "true", BOOTSTRAP_SERVERS, "kafka-1").key()).isEqualTo(BOOTSTRAP_SERVERS);
        assertThat(failure(BOOTSTRAP_SERVERS, "k:99999").key()).isEqualTo(BOOTSTRAP_SERVERS);
        assertThat(failure(TOPIC, "has space")).hasMessageStartingWith("Invalid configuration " + TOPIC + "=has space");
        assertThat(failure(DELIVERY_TIMEOUT, "10").key()).isEqualTo(DELIVERY_TIMEOUT);
        assertThat(failure(DELIVERY_TIMEOUT, "50ms").key()).isEqualTo(DELIVERY_TIMEOUT);
        assertThat(failure(MAX_BATCH_SIZE, "0").key()).isEqualTo(MAX_BATCH_SIZE);
    }

    @Test
    void unknownKeyUnderTheSinkIsRejectedNotIgnored() {
        InvalidConfigException e = failure(ENABLED, "true", PREFIX + "bootstrap-server", "k:9092");
        assertThat(e.key()).isEqualTo(PREFIX + "bootstrap-server");
        assertThat(e).hasMessageContaining("Unknown configuration " + PREFIX + "bootstrap-server");
    }

    @Test
    void producerPropertiesTheGuaranteesDependOnCannotBeOverridden() {
        for (String p : new String[]{"acks", "enable.idempotence", "bootstrap.servers", "transactional.id"}) {
            InvalidConfigException e = failure(ENABLED, "true", BOOTSTRAP_SERVERS, "k:9092", PRODUCER_PREFIX + p,
                    "x");
            assertThat(e.key()).isEqualTo(PRODUCER_PREFIX + p);
            assertThat(e).hasMessageContaining("not allowed");
        }
    }

    @Test
    void secretsNeverAppearInMessages() {
        InvalidConfigException e = failure(ENABLED, "true", BOOTSTRAP_SERVERS, "k:9092",
                PRODUCER_PREFIX + "sasl.jaas.confg", "ScramLoginModule required password=\"hunter2\";");
        assertThat(e.key()).isEqualTo(PRODUCER_PREFIX + "sasl.jaas.confg");
        assertThat(e).hasMessageNotContaining("hunter2").hasMessageContaining("[hidden]");
        assertThat(
                failure(ENABLED, "true", BOOTSTRAP_SERVERS, "k:9092", PRODUCER_PREFIX + "ssl.key.passwrd", "hunter2"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void misspeltOrInvalidProducerPropertiesNameTheirKey() {
        assertThat(failure(ENABLED, "true", BOOTSTRAP_SERVERS, "k:9092", PRODUCER_PREFIX + "security.protocl", "SSL")
                .key()).isEqualTo(PRODUCER_PREFIX + "security.protocl");
        assertThat(failure(ENABLED, "true", BOOTSTRAP_SERVERS, "k:9092", PRODUCER_PREFIX + "linger.ms", "soon")
                .key()).isEqualTo(PRODUCER_PREFIX + "linger.ms");
        // more than 5 in flight would break ordering with the idempotent producer
        assertThat(failure(ENABLED, "true", BOOTSTRAP_SERVERS, "k:9092",
                PRODUCER_PREFIX + "max.in.flight.requests.per.connection", "10").key())
                .isEqualTo(PRODUCER_PREFIX + "max.in.flight.requests.per.connection");
        assertThat(failure(ENABLED, "true", BOOTSTRAP_SERVERS, "k:9092", DELIVERY_TIMEOUT, "1s",
                PRODUCER_PREFIX + "request.timeout.ms", "5000").key()).isEqualTo(DELIVERY_TIMEOUT);
    }

    @Test
    void theSectionReportsTheProblemForTheDeployment() {
        List<ConfigSection<?>> kafka = List.of(new KafkaSinkSettings.Section());
        assertThat(Configuration.read(config(ENABLED, "true"), kafka).problems()).get()
                .satisfies(e -> assertThat(e.keys()).containsExactly(BOOTSTRAP_SERVERS));
        assertThat(
                Configuration.read(config(ENABLED, "true", BOOTSTRAP_SERVERS, "k:9092", PRODUCER_PREFIX + "linger.ms",
                        "soon"), kafka).problems())
                .get()
                .satisfies(e -> assertThat(e.keys()).containsExactly(PRODUCER_PREFIX + "linger.ms"));
        assertThat(Configuration.read(config(ENABLED, "true", BOOTSTRAP_SERVERS, "k:9092"), kafka).problems())
                .isEmpty();
        assertThat(KafkaSinkRegistration.kafkaClientsPresent(getClass().getClassLoader())).isTrue();
        assertThat(KafkaSinkRegistration.kafkaClientsPresent(ClassLoader.getPlatformClassLoader())).isFalse();
    }

    @Test
    void badConfigurationFailsStartupOfTheSuiteNamingTheKey() {
        assertThatThrownBy(() -> TestContainer.builder(Databases.derby()).config(ENABLED, "true")
                .start().close())
                .satisfies(e -> assertThat(messages(e)).contains(BOOTSTRAP_SERVERS));
        assertThat(KafkaSender.OPEN.get()).isZero();
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append('\n');
        }
        return sb.toString();
    }
}
