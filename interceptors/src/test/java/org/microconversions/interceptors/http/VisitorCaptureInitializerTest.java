package org.microconversions.interceptors.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.Configuration;
import org.microconversions.interceptors.config.CountingSection;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet initializer, which CDI does not inject, takes the configuration the deployment read:
 * it reads nothing again, and a later deployment (other settings, same class loader) is not handed
 * the earlier one's.
 */
class VisitorCaptureInitializerTest {

    private static final ClassLoader LOADER = VisitorCaptureInitializerTest.class.getClassLoader();

    /** @return the filters the initializer added, by name */
    private static Map<String, Filter> initialize() {
        Map<String, Filter> added = new LinkedHashMap<>();
        FilterRegistration.Dynamic registration = (FilterRegistration.Dynamic) Proxy.newProxyInstance(
                LOADER, new Class<?>[]{FilterRegistration.Dynamic.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);
        ServletContext ctx = (ServletContext) Proxy.newProxyInstance(LOADER,
                new Class<?>[]{ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addFilter") && args[1] instanceof Filter f) {
                        added.put((String) args[0], f);
                        return registration;
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
        new VisitorCaptureInitializer().onStartup(Set.of(), ctx);
        return added;
    }

    /** @return the name of the visitor cookie the filter sets on a first visit */
    private static String visitorCookie(Filter filter) {
        List<Cookie> set = new ArrayList<>();
        ((VisitorCaptureFilter) filter).capture(FakeHttp.request(null, Map.of(), Map.of(), false),
                FakeHttp.response(set));
        return set.get(0).getName();
    }

    @Test
    void theInitializerTakesTheConfigurationTheDeploymentReadAndReadsNothingAgain() {
        int before = CountingSection.reads();
        try (TestContainer c = TestContainer.builder(Databases.derby()).config(ConfigKeys.VISITOR_COOKIE, "shop_vid")
                .config(ConfigKeys.COLLECT_ENABLED, "true").start()) {
            Map<String, Filter> filters = initialize();

            assertThat(CountingSection.reads()).as("read once, by the deployment").isEqualTo(before + 1);
            assertThat(filters).containsOnlyKeys("microconversions-collect-guard", "microconversions-visitor");
            assertThat(visitorCookie(filters.get("microconversions-visitor"))).isEqualTo("shop_vid");
            assertThat(c.bean(Settings.class)).as("one record, injected and published")
                    .isSameAs(c.bean(Settings.class))
                    .isSameAs(Configuration.forApplication(Thread.currentThread().getContextClassLoader())
                            .get(Settings.class));
        }
    }

    @Test
    void aLaterDeploymentIsNotHandedAnEarlierOnesConfiguration() {
        try (TestContainer c = TestContainer.builder(Databases.derby()).config(ConfigKeys.VISITOR_COOKIE, "first_vid")
                .start()) {
            assertThat(visitorCookie(initialize().get("microconversions-visitor"))).isEqualTo("first_vid");
        }
        try (TestContainer c = TestContainer.builder(Databases.derby()).config(ConfigKeys.VISITOR_COOKIE, "second_vid")
                .config(ConfigKeys.HTTP_CAPTURE, "true").start()) {
            assertThat(visitorCookie(initialize().get("microconversions-visitor"))).isEqualTo("second_vid");
        }
        // no deployment: nothing published, so it reads the config itself (the default cookie now)
        int before = CountingSection.reads();
        assertThat(visitorCookie(initialize().get("microconversions-visitor"))).isEqualTo("mc_vid");
        assertThat(CountingSection.reads()).isEqualTo(before + 1);
    }
}
