package org.microconversions.interceptors.sink.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;

/**
 * Adds {@link KafkaSink} as an {@code @ApplicationScoped} bean where kafka-clients can be loaded.
 * Called by {@link KafkaSinkExtension}; uses no Kafka class itself. Its settings are validated at
 * deployment with the others' ({@link KafkaSinkSettings.Section}).
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
}
