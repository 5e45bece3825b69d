package org.microconversions.interceptors.sink.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import org.eclipse.microprofile.config.Config;

import java.util.Optional;

/**
 * Adds {@link KafkaSink} as an {@code @ApplicationScoped} bean where kafka-clients can be loaded.
 * Called by {@link KafkaSinkExtension}; uses no Kafka class itself.
 */
public final class KafkaSinkRegistration {

    static final String PRODUCER_CLASS = "org.apache.kafka.clients.producer.KafkaProducer";

    private KafkaSinkRegistration() {
    }

    /**
     * @param loader where to look, e.g. the class loader of the suite's classes
     * @return whether kafka-clients can be loaded
     */
    public static boolean kafkaClientsPresent(ClassLoader loader) {
        try {
            Class.forName(PRODUCER_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Adds the sink as an application-scoped bean, if kafka-clients is present. Whether it is
     * enabled is decided by {@code microconversions.sink.kafka.enabled}.
     *
     * @param bbd the event of a {@code BeforeBeanDiscovery} observer
     * @return whether it was added
     */
    public static boolean register(BeforeBeanDiscovery bbd) {
        if (!kafkaClientsPresent(KafkaSinkRegistration.class.getClassLoader())) {
            return false;
        }
        bbd.addAnnotatedType(KafkaSink.class, KafkaSink.class.getName()).add(ApplicationScoped.Literal.INSTANCE);
        return true;
    }

    /**
     * Validates {@code microconversions.sink.kafka.*} at deployment, so a bad value fails it
     * before the first conversion, and tells when the sink is enabled without kafka-clients.
     *
     * @param config the application's config
     * @return a problem to report as a deployment problem, naming the key; empty if none
     */
    public static Optional<String> problem(Config config) {
        KafkaSinkSettings s;
        try {
            s = KafkaSinkSettings.from(config);
        } catch (KafkaSinkConfigException e) {
            return Optional.of(e.getMessage());
        }
        if (!s.enabled()) {
            return Optional.empty();
        }
        if (!kafkaClientsPresent(KafkaSinkRegistration.class.getClassLoader())) {
            return Optional.of(KafkaSinkSettings.ENABLED + "=true, but kafka-clients is not on the application's "
                    + "class path: add org.apache.kafka:kafka-clients to the WAR (WEB-INF/lib)");
        }
        try {
            KafkaSender.producerConfig(s); // loads kafka-clients, present as just checked
        } catch (KafkaSinkConfigException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }
}
