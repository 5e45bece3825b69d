package org.microconversions.interceptors.sink.kafka;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Adds the Kafka sink where kafka-clients is on the class path. Its own extension, so the suite's
 * CDI layer does not reach down to a sink. Its settings ({@code microconversions.sink.kafka.*}) are
 * read and validated at deployment with every other section ({@link KafkaSinkSettings.Section}),
 * including whether kafka-clients is there when the sink is enabled.
 */
public class KafkaSinkExtension implements Extension {

    void register(@Observes BeforeBeanDiscovery bbd) {
        KafkaSinkRegistration.register(bbd);
    }
}
