package org.microconversions.interceptors.record;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Durability;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversion;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.Settings;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MethodPlanTest {

    @Test
    void derivesKebabCaseNamesFromMethodNames() {
        assertThat(MethodPlan.kebab("addToCart")).isEqualTo("add-to-cart");
        assertThat(MethodPlan.kebab("share")).isEqualTo("share");
        assertThat(MethodPlan.kebab("proceedToCheckout")).isEqualTo("proceed-to-checkout");
    }

    private static Settings.DurableSettings durable(Map<String, String> config) {
        return Settings.from(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(config, "test", 500)).build()).durable();
    }

    private static MethodPlan plan(String method, Class<?>... params) throws Exception {
        var m = ShopBean.class.getMethod(method, params);
        return MethodPlan.of(m, m.getAnnotation(MicroConversion.class));
    }

    @Test
    void durabilityIsSettledOnceFromAnnotationKindAndConfiguration() throws Exception {
        MethodPlan purchase = plan("purchase", BigDecimal.class);
        MethodPlan addToCart = plan("addToCart", String.class);
        assertThat(purchase.durable()).as("unresolved: only an explicit DURABLE").isFalse();

        assertThat(purchase.resolved(durable(Map.of())).durable()).as("macro, by kind").isTrue();
        assertThat(addToCart.resolved(durable(Map.of())).durable()).as("micro, by kind").isFalse();
        assertThat(addToCart.resolved(durable(Map.of(ConfigKeys.DURABLE_NAMES, "add-to-cart"))).durable())
                .as("listed by name").isTrue();
        assertThat(addToCart.resolved(durable(Map.of(ConfigKeys.DURABLE_KINDS, "micro"))).durable()).isTrue();
        assertThat(purchase.resolved(durable(Map.of(ConfigKeys.DURABLE_KINDS, "none"))).durable()).isFalse();
        assertThat(purchase.resolved(durable(Map.of())).toString()).contains("durable");
    }

    @Test
    void anExplicitAnnotationMemberOverridesTheKind() throws Exception {
        var m = ShopBean.class.getMethod("addToCart", String.class);
        MethodPlan durable = MethodPlan.of(m, MicroConversion.Literal.of("add-to-cart", Kind.MICRO,
                Durability.DURABLE)).resolved(durable(Map.of()));
        MethodPlan buffered = MethodPlan.of(m, MicroConversion.Literal.of("purchase", Kind.MACRO,
                Durability.BUFFERED)).resolved(durable(Map.of()));
        assertThat(durable.durable()).isTrue();
        assertThat(buffered.durable()).isFalse();
        assertThat(MethodPlan.NONE.resolved(durable(Map.of())).durable()).isFalse();
    }
}
