package org.microconversions.interceptors.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.microconversions.interceptors.config.Settings;

/** Makes the settings validated at deployment injectable. */
@ApplicationScoped
public class SettingsProducer {

    @Inject
    MicroConversionExtension extension;

    @Produces
    @Singleton
    Settings settings() {
        return extension.settings();
    }
}
