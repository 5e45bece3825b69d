package org.microconversions.interceptors.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Consent;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.config.Settings.CookieSecurity;
import org.microconversions.interceptors.config.Settings.HttpSettings;
import org.microconversions.interceptors.experiment.Assignment;
import org.microconversions.interceptors.experiment.ExperimentAssigner;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the capture filter records of a visitor's privacy choices, and what it sets by default. */
class PrivateByDefaultCaptureTest {

    private static final ExperimentDefinition LAYOUT = new ExperimentDefinition("layout",
            List.of(new ExperimentDefinition.Variant("control", 50), new ExperimentDefinition.Variant("b", 50)),
            0.05, 1000, List.of());
    private final List<Cookie> set = new ArrayList<>();
    private final HttpServletResponse response = FakeHttp.response(set);

    /** The settings a shop gets without configuring anything. */
    private static VisitorCaptureFilter defaults() {
        HttpSettings http = Settings.from(config(Map.of())).http();
        return new VisitorCaptureFilter(http, new ExperimentAssigner(Map.of("layout", LAYOUT)));
    }

    private static HttpServletRequest request(boolean secure, Map<String, String> cookies,
            Map<String, String> headers) {
        return FakeHttp.request(null, cookies, headers, secure);
    }

    @Test
    void globalPrivacyControlOnAnyRequestMarksItsConversionsFirstPartyOnly() {
        VisitorContext v = defaults().capture(request(false, Map.of(), Map.of("Sec-GPC", "1")), response);
        assertThat(v.gpc()).isTrue();
        MicroConversionEvent e = MicroConversionEvent.of(v7(), "add-to-cart", Kind.MICRO, v, "Cart#add");
        assertThat(e.gpc()).isTrue();
        assertThat(e.attributes()).containsEntry(MicroConversionEvent.GPC_ATTRIBUTE, "1");
        assertThat(defaults().capture(request(false, Map.of(), Map.of("Sec-GPC", "0")), response).gpc()).isFalse();
        assertThat(defaults().capture(request(false, Map.of(), Map.of()), response).gpc()).isFalse();
    }

    @Test
    void theConsentCookieIsRecordedWithEachConversion() {
        VisitorContext granted = defaults().capture(request(false, Map.of("mc_consent", "granted"), Map.of()),
                response);
        VisitorContext denied = defaults().capture(request(false, Map.of("mc_consent", "denied"), Map.of()), response);
        VisitorContext forged = defaults().capture(request(false, Map.of("mc_consent", "GRANTED\u0000"), Map.of()),
                response);
        assertThat(granted.consent()).isEqualTo(Consent.GRANTED);
        assertThat(denied.consent()).isEqualTo(Consent.DENIED);
        assertThat(forged.consent()).isEqualTo(Consent.UNKNOWN);
        assertThat(MicroConversionEvent.of(v7(), "share", Kind.MICRO, granted, null).consent())
                .isEqualTo(Consent.GRANTED);
        MicroConversionEvent built = MicroConversionEvent.builder().id(v7()).name("share").visitor(denied)
                .attribute("network", "email").build();
        assertThat(built.consent()).isEqualTo(Consent.DENIED);
        assertThat(built.attributes()).containsEntry("consent", "denied").containsEntry("network", "email");
    }

    @Test
    void cookiesAreSecureWhenTheRequestIsUnlessConfiguredOtherwise() {
        defaults().capture(request(true, Map.of(), Map.of()), response);
        assertThat(set).isNotEmpty().allSatisfy(c -> assertThat(c.getSecure()).as(c.getName()).isTrue());
        set.clear();
        defaults().capture(request(false, Map.of(), Map.of()), response);
        assertThat(set).isNotEmpty().allSatisfy(c -> assertThat(c.getSecure()).as(c.getName()).isFalse());
        assertThat(CookieSecurity.ALWAYS.secure(false)).isTrue();
        assertThat(CookieSecurity.NEVER.secure(true)).isFalse();
    }

    @Test
    void clientsCannotChooseTheirVariantUnlessTheQaSwitchIsOn() {
        String visitor = "visitor-0123456789-x";
        String assigned = Assignment.variant(LAYOUT, visitor);
        String other = assigned.equals("b") ? "control" : "b";
        Map<String, String> cookies = Map.of("mc_vid", visitor, "mc_var", "layout=" + other);
        Map<String, String> headers = Map.of("X-Experiment-Variants", "layout=" + other + ",promo=x");
        assertThat(defaults().capture(request(false, cookies, headers), response).variants())
                .containsExactly(Map.entry("layout", assigned));

        HttpSettings qa = Settings.from(config(
                Map.of("microconversions.variants.client-override", "true"))).http();
        VisitorCaptureFilter withQa = new VisitorCaptureFilter(qa, new ExperimentAssigner(Map.of("layout", LAYOUT)));
        assertThat(withQa.capture(request(false, cookies, headers), response).variants())
                .containsOnly(Map.entry("layout", other), Map.entry("promo", "x"));
    }

    private static org.eclipse.microprofile.config.Config config(Map<String, String> m) {
        return new io.smallrye.config.SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.PropertiesConfigSource(m, "test", 500)).build();
    }

    private static UUID v7() {
        return UUID.fromString("017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
    }
}
