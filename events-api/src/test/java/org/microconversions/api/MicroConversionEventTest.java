package org.microconversions.api;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicroConversionEventTest {

    private static MicroConversionEvent.Builder valid() {
        return MicroConversionEvent.builder().id(UUID.randomUUID()).name("add-to-cart").timestamp(Instant.now());
    }

    @Test
    void namesAreLowercaseLetterFirstAtMost40Characters() {
        assertThat(MicroConversionEvent.isValidName("add-to-cart")).isTrue();
        assertThat(MicroConversionEvent.isValidName("video_play2")).isTrue();
        assertThat(MicroConversionEvent.isValidName("a".repeat(40))).isTrue();
        assertThat(MicroConversionEvent.isValidName("a".repeat(41))).isFalse();
        assertThat(MicroConversionEvent.isValidName("Add-to-cart")).isFalse();
        assertThat(MicroConversionEvent.isValidName("1st-visit")).isFalse();
        assertThat(MicroConversionEvent.isValidName("add to cart")).isFalse();
        assertThat(MicroConversionEvent.isValidName("")).isFalse();
        assertThat(MicroConversionEvent.isValidName(null)).isFalse();
    }

    @Test
    void buildsImmutableEventWithDefensiveCopies() {
        MicroConversionEvent e = valid().attribute("sku", "p-1").variant("layout", "b")
                .value(new BigDecimal("12.50"), "eur").build();
        assertThat(e.kind()).isEqualTo(Kind.MICRO);
        assertThat(e.currency()).isEqualTo("EUR");
        assertThatThrownBy(() -> e.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.toBuilder().attribute("extra", "1").build().attributes()).hasSize(2);
        assertThat(e.attributes()).hasSize(1);
    }

    @Test
    void rejectsValuesBeyondTheBounds() {
        assertThatThrownBy(() -> valid().value(BigDecimal.ONE, null).build()).hasMessageContaining("needs a currency");
        assertThatThrownBy(() -> valid().value(BigDecimal.ONE, "XYZW").build())
                .hasMessageContaining("not an ISO 4217 code");
        assertThatThrownBy(() -> valid().attribute("Bad Key", "v").build()).hasMessageContaining("attributes key");
        assertThatThrownBy(() -> valid().attribute("k", "v".repeat(101)).build()).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> valid().visitorId("").build()).hasMessageContaining("visitorId");
        assertThatThrownBy(() -> valid().name("Bad").build()).hasMessageContaining("invalid conversion name 'Bad'");
        MicroConversionEvent.Builder many = valid();
        for (int i = 0; i < 11; i++) {
            many.attribute("k" + i, "v");
        }
        assertThatThrownBy(many::build).hasMessageContaining("at most 10 attributes");
        assertThatThrownBy(() -> new Channel("s".repeat(101), null, null)).hasMessageContaining("source");
    }

    @Test
    void eventsAreEqualByIdOnly() {
        UUID id = UUID.randomUUID();
        MicroConversionEvent a = valid().id(id).build();
        MicroConversionEvent b = valid().id(id).name("share").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }
}
