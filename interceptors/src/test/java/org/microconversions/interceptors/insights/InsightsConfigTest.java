package org.microconversions.interceptors.insights;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InsightsConfigTest {

    private static Config config(Map<String, String> m) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(m, "test", 500)).build();
    }

    @Test
    void readsFunnelsWithDefaults() {
        InsightsConfig c = InsightsConfig.from(config(Map.of(
                "microconversions.funnel.checkout.steps", "view-product, add-to-cart,purchase",
                "microconversions.funnel.checkout.window", "24h",
                "microconversions.funnel.signup.steps", "view-pricing,sign-up",
                "microconversions.funnel.signup.mode", "OPEN",
                "microconversions.insights.macro", "sign-up")));
        assertThat(c.funnels().keySet()).containsExactly("checkout", "signup");
        assertThat(c.funnels().get("checkout")).isEqualTo(new FunnelDefinition("checkout",
                List.of("view-product", "add-to-cart", "purchase"), Duration.ofHours(24),
                FunnelDefinition.Mode.CLOSED));
        assertThat(c.funnels().get("signup").window()).isNull();
        assertThat(c.funnels().get("signup").mode()).isEqualTo(FunnelDefinition.Mode.OPEN);
        assertThat(c.macro()).isEqualTo("sign-up");
        assertThat(InsightsConfig.from(config(Map.of())).macro()).isEqualTo("purchase");
        assertThat(InsightsConfig.from(config(Map.of())).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(InsightsConfig.from(config(Map.of("microconversions.insights.timeout", "PT1M"))).timeout())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void insightsAreClosedUnlessEnabled() {
        assertThat(InsightsConfig.from(config(Map.of())).enabled()).isFalse();
        assertThat(InsightsConfig.from(config(Map.of("microconversions.insights.enabled", "false"))).enabled())
                .isFalse();
        assertThat(InsightsConfig.from(config(Map.of("microconversions.insights.enabled", " TRUE "))).enabled())
                .isTrue();
    }

    @Test
    void badValuesFailNamingTheKey() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("microconversions.funnel.checkout.steps", "view-product");
        bad.put("microconversions.funnel.checkout.window", "2x");
        bad.put("microconversions.funnel.checkout.mode", "sideways");
        bad.put("microconversions.funnel.checkout.colour", "red");
        bad.put("microconversions.funnel.Check.steps", "a,b");
        bad.put("microconversions.insights.macr", "purchase");
        bad.put("microconversions.insights.macro", "Not A Name");
        bad.put("microconversions.insights.enabled", "yes");
        bad.put("microconversions.insights.enable", "true");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Map<String, String> m = new HashMap<>(Map.of("microconversions.funnel.checkout.steps", "a,b"));
            m.put(e.getKey(), e.getValue());
            assertThatThrownBy(() -> InsightsConfig.from(config(m))).as(e.toString())
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(e.getKey())
                    .satisfies(t -> assertThat(((InvalidConfigException) t).key()).isEqualTo(e.getKey()));
        }
        for (String timeout : List.of("500ms", "2h", "0s", "soon")) {
            assertThatThrownBy(() -> InsightsConfig.from(config(Map.of("microconversions.insights.timeout", timeout))))
                    .as(timeout).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("microconversions.insights.timeout");
        }
        Map<String, String> twice = Map.of("microconversions.funnel.checkout.steps", "a,b,a");
        assertThatThrownBy(() -> InsightsConfig.from(config(twice))).hasMessageContaining("appears twice");
    }

    @Test
    void aBadFunnelFailsTheStartNotTheFirstReport() {
        assertThatThrownBy(() -> TestContainer.builder(Databases.derby())
                .config("microconversions.funnel.checkout.steps", "view-product,add-to-cart")
                .config("microconversions.funnel.checkout.window", "forever")
                .start().close())
                .hasStackTraceContaining("microconversions.funnel.checkout.window");
    }
}
