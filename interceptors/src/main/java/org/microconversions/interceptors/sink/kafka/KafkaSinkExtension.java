package org.microconversions.interceptors.sink.kafka;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Adds the Kafka sink where kafka-clients is on the class path, and fails the deployment on a bad
 * {@code microconversions.sink.kafka.*} setting. Its own extension, so the suite's CDI layer does
 * not reach down to a sink.
 */
public class KafkaSinkExtension implements Extension {

    void register(@Observes BeforeBeanDiscovery bbd) {
        KafkaSinkRegistration.register(bbd);
    }

    void validate(@Observes AfterDeploymentValidation adv) {
        KafkaSinkRegistration.problem(ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader()))
                .ifPresent(p -> adv.addDeploymentProblem(new DeploymentException(p)));
    }
}
