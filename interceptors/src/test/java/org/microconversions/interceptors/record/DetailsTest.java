package org.microconversions.interceptors.record;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A detail that could not be stored fails the call that sets it, naming the field. */
class DetailsTest {

    @Test
    void unstorableDetailsFailAtOnceNamingTheField() {
        Details d = new Details("purchase");
        assertThatThrownBy(() -> d.attribute("sku", "ev\u0000il")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attributes value of 'sku'");
        assertThatThrownBy(() -> d.attribute("Bad Key", "v")).hasMessageContaining("attributes key");
        assertThatThrownBy(() -> d.attribute("sku", "x".repeat(101))).hasMessageContaining("longer than 100");
        assertThatThrownBy(() -> d.value(new BigDecimal("1e16"), "EUR")).hasMessageContaining("value");
        assertThatThrownBy(() -> d.value(BigDecimal.TEN, "EURO")).hasMessageContaining("currency");
        assertThatThrownBy(() -> d.value(BigDecimal.TEN, null)).hasMessageContaining("needs a currency");
        assertThatThrownBy(() -> d.userId("u\r\n")).hasMessageContaining("userId");
        assertThatThrownBy(() -> d.userId("")).hasMessageContaining("userId");
        for (int i = 0; i < 10; i++) {
            d.attribute("k" + i, "v");
        }
        assertThatThrownBy(() -> d.attribute("k10", "v")).hasMessageContaining("at most 10 attributes");
        d.attribute("k9", "replaced"); // replacing one is fine
        assertThat(d.attributes).hasSize(10).containsEntry("k9", "replaced");
        assertThat(d.value).isNull();
    }

    @Test
    void valuesAreKeptAsTheStoreWillHoldThem() {
        Details d = new Details("purchase");
        d.value(new BigDecimal("19.99999"), "eur");
        assertThat(d.value).isEqualTo(new BigDecimal("20.0000"));
    }
}
