package org.microconversions.interceptors.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.Settings.HttpSettings;
import org.microconversions.interceptors.experiment.Assignment;
import org.microconversions.interceptors.experiment.ExperimentAssigner;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The visitor capture filter adds each configured experiment's assigned variant to the request's variants. */
class ExperimentCaptureTest {

    private static final ExperimentDefinition LAYOUT = new ExperimentDefinition("layout",
            List.of(new ExperimentDefinition.Variant("control", 50), new ExperimentDefinition.Variant("b", 50)),
            0.05, 1000, List.of());
    private final VisitorCaptureFilter filter = new VisitorCaptureFilter(new HttpSettings(true, "mc_vid",
            Duration.ofDays(400), "mc_sid", Duration.ofMinutes(30), "mc_ch", Duration.ofDays(90),
            "X-Experiment-Variants", "mc_var", org.microconversions.interceptors.config.Settings.CookieSecurity.AUTO, true), new ExperimentAssigner(Map.of("layout", LAYOUT)));
    private final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> null);

    private static HttpServletRequest request(String visitor, String variantsHeader) {
        return (HttpServletRequest) Proxy.newProxyInstance(ExperimentCaptureTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getCookies" -> visitor == null ? null : new Cookie[] {new Cookie("mc_vid", visitor)};
                    case "getHeader" -> "X-Experiment-Variants".equals(args[0]) ? variantsHeader : null;
                    case "getServerName" -> "shop.example";
                    default -> method.getReturnType() == boolean.class ? false : null;
                });
    }

    @Test
    void everyRequestCarriesTheStickyAssignment() {
        for (int i = 0; i < 50; i++) {
            String visitor = "visitor-0123456789-" + i;
            VisitorContext first = filter.capture(request(visitor, null), response);
            VisitorContext again = filter.capture(request(visitor, null), response);
            assertThat(first.visitorId()).isEqualTo(visitor);
            assertThat(first.variants()).containsExactly(Map.entry("layout", Assignment.variant(LAYOUT, visitor)));
            assertThat(again.variants()).isEqualTo(first.variants());
        }
    }

    @Test
    void aValidExplicitVariantWinsAnInvalidOneDoesNot() {
        String visitor = "visitor-0123456789-x";
        String assigned = Assignment.variant(LAYOUT, visitor);
        String other = assigned.equals("b") ? "control" : "b";
        assertThat(filter.capture(request(visitor, "layout=" + other + ",promo=x"), response).variants())
                .containsOnly(Map.entry("layout", other), Map.entry("promo", "x"));
        assertThat(filter.capture(request(visitor, "layout=zzz"), response).variants())
                .containsOnly(Map.entry("layout", assigned));
    }

    @Test
    void aNewVisitorIsAssignedWithTheIdJustIssued() {
        VisitorContext v = filter.capture(request(null, null), response);
        assertThat(v.variants()).containsExactly(Map.entry("layout", Assignment.variant(LAYOUT, v.visitorId())));
    }
}
