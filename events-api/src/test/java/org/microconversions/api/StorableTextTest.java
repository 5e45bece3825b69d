package org.microconversions.api;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorableTextTest {

    @Test
    void controlCharactersSeparatorsAndLoneSurrogatesAreNotStorable() {
        for (char c : new char[]{'\u0000', '\t', '\n', '\r', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f',
                '\u2028', '\u2029', '\uD800', '\uDFFF'}) {
            assertThat(StorableText.isStorable("a" + c + "b")).as("U+%04X", (int) c).isFalse();
        }
        assertThat(StorableText.isStorable("a\uD83D")).isFalse(); // high surrogate at the end
        assertThat(StorableText.isStorable("\uDE00a")).isFalse(); // low surrogate first
    }

    @Test
    void printableTextInAnyScriptIsStorable() {
        assertThat(StorableText.isStorable("größe 東京 😀 ñ \u00a0 \u00ff")).isTrue();
        assertThat(StorableText.isStorable(null)).isTrue();
        assertThat(StorableText.isStorable("")).isTrue();
    }

    @Test
    void cleanRemovesWhatCannotBeStoredTrimsAndClipsOnACodePointBoundary() {
        assertThat(StorableText.clean("ev\u0000il", 100)).isEqualTo("evil");
        assertThat(StorableText.clean(" a\r\nb ", 100)).isEqualTo("ab");
        assertThat(StorableText.clean("\u0000\u2028 ", 100)).isNull();
        assertThat(StorableText.clean("x\uD800y\uDC00z", 100)).isEqualTo("xyz");
        assertThat(StorableText.clean("a".repeat(99) + "😀", 100)).isEqualTo("a".repeat(99));
        assertThat(StorableText.clean("a".repeat(98) + "😀", 100)).isEqualTo("a".repeat(98) + "😀");
        assertThat(StorableText.clean(null, 10)).isNull();
    }

    @Test
    void requireNamesTheFieldAndTheRule() {
        assertThatThrownBy(() -> StorableText.require("attributes.sku", "a\u0000", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("attributes.sku contains");
        assertThatThrownBy(() -> StorableText.require("origin", "abc", 2))
                .hasMessage("origin is longer than 2 characters");
        assertThat(StorableText.require("x", "größe", 5)).isEqualTo("größe");
    }

    @Test
    void cleanAlwaysGivesAStorableTextWithinTheLimit() {
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(150);
            for (int j = 0; j < n; j++) {
                b.append(random.nextInt(3) == 0 ? (char) random.nextInt(0x100) : (char) random.nextInt(0x10000));
            }
            int max = 1 + random.nextInt(120);
            String cleaned = StorableText.clean(b.toString(), max);
            if (cleaned != null) {
                assertThat(StorableText.isStorable(cleaned)).isTrue();
                assertThat(cleaned.length()).isBetween(1, max);
                assertThat(cleaned).isEqualTo(cleaned.strip());
            }
        }
    }
}
