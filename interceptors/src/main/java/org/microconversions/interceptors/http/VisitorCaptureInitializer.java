package org.microconversions.interceptors.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.microconversions.interceptors.collect.CollectGuardFilter;
import org.microconversions.interceptors.config.Settings;

import java.util.EnumSet;
import java.util.Set;

/**
 * Adds {@link VisitorCaptureFilter} to every web application that ships the suite, and the
 * collect endpoint's guard when that endpoint is enabled.
 */
public class VisitorCaptureInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        Settings settings = Settings.from(ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader()));
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
                new VisitorCaptureFilter(settings.http()));
        if (f != null) {
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
    }
}
