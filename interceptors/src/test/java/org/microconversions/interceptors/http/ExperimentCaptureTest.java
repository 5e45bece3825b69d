package org.microconversions.interceptors.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.experiment.Assignment;
import org.microconversions.interceptors.experiment.ExperimentAssigner;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The visitor capture filter adds each configured experiment's assigned variant to the request's variants. */
class ExperimentCaptureTest {

    private static final ExperimentDefinition LAYOUT = new ExperimentDefinition("layout",
            List.of(new ExperimentDefinition.Variant("control", 50), new ExperimentDefinition.Variant("b", 50)),
            0.05, 1000, List.of());
    private final VisitorCaptureFilter filter = FakeHttp.filter(true, new ExperimentAssigner(Map.of("layout", LAYOUT)));
    private final HttpServletResponse response = FakeHttp.response(new java.util.ArrayList<>());

    private static HttpServletRequest request(String visitor, String variantsHeader) {
        return FakeHttp.request(null, visitor == null ? Map.of() : Map.of("mc_vid", visitor),
                variantsHeader == null ? Map.of() : Map.of("X-Experiment-Variants", variantsHeader), false);
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
