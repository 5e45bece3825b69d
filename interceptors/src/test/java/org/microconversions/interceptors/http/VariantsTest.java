package org.microconversions.interceptors.http;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VariantsTest {

    @Test
    void parsesExperimentVariantPairs() {
        assertThat(Variants.parse("layout=b, price_test=control")).containsExactly(
                Map.entry("layout", "b"), Map.entry("price_test", "control"));
    }

    @Test
    void skipsMalformedPairsAndCapsTheCount() {
        assertThat(Variants.parse("=x,Bad=1,ok=,ok2=<script>,fine=v1")).containsExactly(Map.entry("fine", "v1"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            many.append("e").append(i).append("=a,");
        }
        assertThat(Variants.parse(many.toString())).hasSize(10);
        assertThat(Variants.parse(null)).isEmpty();
    }
}
