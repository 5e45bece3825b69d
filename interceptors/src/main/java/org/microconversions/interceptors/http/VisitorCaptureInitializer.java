package org.microconversions.interceptors.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import org.microconversions.interceptors.collect.CollectGuardFilter;
import org.microconversions.interceptors.config.Configuration;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.experiment.ExperimentAssigner;
import org.microconversions.interceptors.experiment.ExperimentConfig;

import java.util.EnumSet;
import java.util.Set;

/**
 * Adds {@link VisitorCaptureFilter} to every web application that ships the suite, and the
 * collect endpoint's guard when that endpoint is enabled.
 *
 * <p>The container creates this initializer, not CDI, so nothing is injected: it takes the
 * configuration the CDI extension built and published at deployment for this application's
 * class loader ({@link Configuration#forApplication}); only if none was published (the
 * initializer ran before CDI) is it read here, by the same code. The filter gets its settings
 * and experiments from it through its constructor.
 */
public class VisitorCaptureInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        Configuration configuration = Configuration.forApplication(Thread.currentThread().getContextClassLoader());
        Settings settings = configuration.get(Settings.class);
        if (!settings.enabled()) {
            return;
        }
        if (settings.collect().enabled()) {
            FilterRegistration.Dynamic guard = ctx.addFilter("microconversions-collect-guard",
                    new CollectGuardFilter());
            if (guard != null) {
                guard.setAsyncSupported(true);
                guard.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            }
        }
        if (!settings.http().capture()) {
            return;
        }
        FilterRegistration.Dynamic f = ctx.addFilter("microconversions-visitor",
                new VisitorCaptureFilter(settings.http(),
                        new ExperimentAssigner(configuration.get(ExperimentConfig.class))));
        if (f != null) {
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
    }
}
