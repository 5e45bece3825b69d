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
    void aBuilderUsedAgainAfterBuildNeverChangesTheEventsItBuilt() {
        MicroConversionEvent.Builder b = valid().attribute("sku", "p-1");
        MicroConversionEvent first = b.build();
        MicroConversionEvent second = b.attribute("sku", "p-2").attribute("size", "l").build();
        MicroConversionEvent third = b.id(UUID.randomUUID()).attribute("size", "xl").build();
        assertThat(first.attributes()).containsExactly(java.util.Map.entry("sku", "p-1"));
        assertThat(second.attributes()).containsExactly(java.util.Map.entry("sku", "p-2"),
                java.util.Map.entry("size", "l"));
        assertThat(third.attributes()).containsExactly(java.util.Map.entry("sku", "p-2"),
                java.util.Map.entry("size", "xl"));
        assertThatThrownBy(() -> second.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void variantsTakenFromAVisitorAreTheVisitorsAndAddingOneLeavesTheVisitorAsItWas() {
        VisitorContext visitor = new VisitorContext("visitor-0000000001", null, null, null,
                java.util.Map.of("layout", "b"));
        MicroConversionEvent plain = valid().visitor(visitor).build();
        assertThat(plain.variants()).isSameAs(visitor.variants()); // immutable and checked: no copy

        MicroConversionEvent.Builder b = valid().visitor(visitor).variant("price", "low");
        MicroConversionEvent added = b.build();
        MicroConversionEvent merged = valid().variant("price", "high").visitor(visitor).build();
        assertThat(added.variants()).containsOnly(java.util.Map.entry("layout", "b"),
                java.util.Map.entry("price", "low"));
        assertThat(merged.variants()).containsOnly(java.util.Map.entry("layout", "b"),
                java.util.Map.entry("price", "high"));
        assertThat(visitor.variants()).containsOnly(java.util.Map.entry("layout", "b"));
        assertThatThrownBy(() -> valid().visitor(visitor).variant("Bad Key", "x").build())
                .hasMessageContaining("variants key");
        assertThat(b.variant("price", "mid").build().variants()).containsEntry("price", "mid");
        assertThat(added.variants()).containsEntry("price", "low");
    }

    @Test
    void idsSetAfterTheVisitorAreCheckedAgain() {
        VisitorContext visitor = new VisitorContext("visitor-0000000001", "session-000000001", null, null, null);
        assertThat(valid().visitor(visitor).build().sessionId()).isEqualTo("session-000000001");
        assertThatThrownBy(() -> valid().visitor(visitor).visitorId("v\u0000").build())
                .hasMessageContaining("visitorId");
        assertThatThrownBy(() -> valid().visitor(visitor).sessionId("").build()).hasMessageContaining("sessionId");
        assertThatThrownBy(() -> valid().visitor(visitor).userId("u\u2028").build()).hasMessageContaining("userId");
    }

    @Test
    void rejectsValuesBeyondTheBounds() {
        assertThatThrownBy(() -> valid().value(BigDecimal.ONE, null).build()).hasMessageContaining("needs a currency");
        assertThatThrownBy(() -> valid().value(BigDecimal.ONE, "XYZW").build())
                .hasMessageContaining("currency must be a 3-letter ISO 4217 code");
        assertThatThrownBy(() -> valid().value(BigDecimal.ONE, "XYZ").build())
                .hasMessageContaining("not an ISO 4217 code");
        assertThatThrownBy(() -> valid().attribute("Bad Key", "v").build()).hasMessageContaining("attributes key");
        assertThatThrownBy(() -> valid().attribute("k", "v".repeat(101)).build())
                .hasMessageContaining("longer than 100");
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

    @Test
    void timestampDefaultsToTheMillisecondOfAUuidV7Id() {
        // RFC 9562 appendix A.6 test vector: 017F22E2-79B0-7CC3-98C4-DC0C0C07398F is 2022-02-22T19:22:22Z
        UUID v7 = UUID.fromString("017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
        MicroConversionEvent e = MicroConversionEvent.builder().id(v7).name("share").build();
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2022-02-22T19:22:22Z"));
        assertThat(e.timestamp()).isSameAs(e.timestamp());
        assertThat(e.toBuilder().build().timestamp()).isEqualTo(e.timestamp());
        Instant given = Instant.parse("2026-01-02T03:04:05.678901Z");
        assertThat(MicroConversionEvent.builder().id(v7).name("share").timestamp(given).build().timestamp())
                .isEqualTo(given);
    }

    @Test
    void timestampIsRequiredWhenTheIdCarriesNoTime() {
        assertThatThrownBy(() -> MicroConversionEvent.builder().id(UUID.randomUUID()).name("share").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("timestamp");
    }

    @Test
    void ofRecordsAVisitorsCallWithTheTimeOfItsId() {
        UUID v7 = UUID.fromString("017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
        VisitorContext visitor = new VisitorContext("v-1", "s-1", null, new Channel("google", "cpc", "spring"),
                java.util.Map.of("layout", "b"));
        MicroConversionEvent e = MicroConversionEvent.of(v7, "add-to-cart", Kind.MICRO, visitor, "Shop#addToCart");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2022-02-22T19:22:22Z"));
        assertThat(e.visitorId()).isEqualTo("v-1");
        assertThat(e.sessionId()).isEqualTo("s-1");
        assertThat(e.channel().source()).isEqualTo("google");
        assertThat(e.variants()).containsExactly(java.util.Map.entry("layout", "b"));
        assertThat(e.attributes()).isEmpty();
        assertThat(e.value()).isNull();
        assertThat(e.origin()).isEqualTo("Shop#addToCart");
        assertThatThrownBy(() -> e.variants().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofChecksTheSameBoundsAsTheBuilder() {
        UUID v7 = UUID.fromString("017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
        assertThatThrownBy(() -> MicroConversionEvent.of(v7, "Bad", Kind.MICRO, VisitorContext.NONE, null))
                .hasMessageContaining("invalid conversion name 'Bad'");
        // a visitor that could not be stored cannot even be made
        assertThatThrownBy(() -> new VisitorContext(null, null, null, null, java.util.Map.of("Bad Key", "b")))
                .hasMessageContaining("variants key");
        assertThatThrownBy(
                () -> MicroConversionEvent.of(UUID.randomUUID(), "share", Kind.MICRO, VisitorContext.NONE, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("timestamp");
    }

    @Test
    void textThatCannotBeStoredFailsAtOnceNamingTheField() {
        assertThatThrownBy(() -> valid().attribute("sku", "ev\u0000il").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attributes value of 'sku'")
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> valid().attribute("sku", "a\uD83D").build()).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> valid().variant("layout", "a\r\nb").build())
                .hasMessageContaining("variants value of 'layout'");
        assertThatThrownBy(() -> valid().userId("u\u2028").build()).hasMessageContaining("userId");
        assertThatThrownBy(() -> valid().sessionId("s\u0085").build()).hasMessageContaining("sessionId");
        assertThatThrownBy(() -> valid().origin("o\u007f").build()).hasMessageContaining("origin");
        assertThatThrownBy(() -> valid().origin("o".repeat(256)).build())
                .hasMessageContaining("origin is longer than 255");
        assertThatThrownBy(() -> new Channel("a\u0000", null, null)).hasMessageContaining("channel source");
        assertThatThrownBy(() -> new VisitorContext("v\u0000", null, null, null, null))
                .hasMessageContaining("visitorId");
        assertThatThrownBy(() -> valid().timestamp(Instant.parse("+10000-01-01T00:00:00Z")).build())
                .hasMessageContaining("timestamp");
        // storable non-ASCII text is kept exactly
        assertThat(valid().attribute("sku", "größe 東京 😀").build().attributes()).containsEntry("sku", "größe 東京 😀");
    }

    @Test
    void valueMustFitTheStoreAndIsRoundedToFourDecimals() {
        assertThat(valid().value(new BigDecimal("999999999999999.9999"), "EUR").build().value())
                .isEqualByComparingTo("999999999999999.9999");
        assertThatThrownBy(() -> valid().value(new BigDecimal("1000000000000000"), "EUR").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value")
                .hasMessageContaining("15 digits");
        assertThatThrownBy(() -> valid().value(new BigDecimal("1e300"), "EUR").build())
                .hasMessageContaining("15 digits");
        assertThat(valid().value(new BigDecimal("1.23456"), "EUR").build().value()).isEqualTo(new BigDecimal("1.2346"));
        assertThat(valid().value(new BigDecimal("1e-30"), "EUR").build().value()).isEqualByComparingTo("0");
        assertThatThrownBy(() -> valid().value(null, "E\u0000R").build()).hasMessageContaining("currency");
    }
}
