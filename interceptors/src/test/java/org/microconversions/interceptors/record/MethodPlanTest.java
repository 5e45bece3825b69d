package org.microconversions.interceptors.record;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MethodPlanTest {

    @Test
    void derivesKebabCaseNamesFromMethodNames() {
        assertThat(MethodPlan.kebab("addToCart")).isEqualTo("add-to-cart");
        assertThat(MethodPlan.kebab("share")).isEqualTo("share");
        assertThat(MethodPlan.kebab("proceedToCheckout")).isEqualTo("proceed-to-checkout");
    }
}
