package org.microconversions.interceptors.http;

import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;
import org.microconversions.api.StorableText;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UtmParametersTest {

    @Test
    void percentEscapesAreDecodedAsUtf8() {
        UtmParameters p = UtmParameters
                .parse("utm_source=gr%C3%B6%C3%9Fe&utm_medium=%E6%9D%B1%E4%BA%AC&utm_campaign=%F0%9F%98%80");
        assertThat(p).isEqualTo(new UtmParameters("größe", "東京", "😀"));
    }

    @Test
    void controlCharactersAndSeparatorsAreRemoved() {
        assertThat(UtmParameters.parse("utm_source=ev%00il").source()).isEqualTo("evil");
        assertThat(UtmParameters.parse("utm_source=a%0d%0aX-Evil:%20y").source()).isEqualTo("aX-Evil: y");
        assertThat(UtmParameters.parse("utm_source=a%C2%85b%E2%80%A8c%E2%80%A9d%7F").source()).isEqualTo("abcd");
        assertThat(UtmParameters.parse("utm_source=%00%01%1f").source()).isNull();
    }

    @Test
    void malformedUtf8BecomesReplacementCharacterAndMalformedEscapesAreLiteral() {
        assertThat(UtmParameters.parse("utm_source=%C3%28").source()).isEqualTo("\uFFFD(");
        assertThat(UtmParameters.parse("utm_source=100%&utm_medium=%zz%4").medium()).isEqualTo("%zz%4");
        assertThat(UtmParameters.parse("utm_source=100%").source()).isEqualTo("100%");
        // a lone surrogate's UTF-8 form (CESU) is malformed UTF-8: never a lone surrogate in the result
        assertThat(UtmParameters.parse("utm_source=%ED%A0%80x").source()).doesNotContain("\uD800").endsWith("x");
    }

    @Test
    void plusIsASpaceAndTheFirstOccurrenceWins() {
        UtmParameters p = UtmParameters.parse("a=1&utm_source=spring+sale&utm_source=other&utm_medium=");
        assertThat(p.source()).isEqualTo("spring sale");
        assertThat(p.medium()).isNull();
    }

    @Test
    void rawNonAsciiBytesAreTakenAsUtf8() {
        // what a container hands over, decoded as ISO-8859-1, for the raw bytes of "größe"
        String latin1 = new String("größe".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(UtmParameters.parse("utm_source=" + latin1).source()).isEqualTo("größe");
    }

    @Test
    void valuesAreClippedOnACodePointBoundary() {
        String q = "utm_source=" + "a".repeat(Channel.MAX_LENGTH - 1) + "%F0%9F%98%80";
        assertThat(UtmParameters.parse(q).source()).isEqualTo("a".repeat(Channel.MAX_LENGTH - 1));
    }

    @Test
    void noUtmParametersCostsNothing() {
        assertThat(UtmParameters.parse(null)).isSameAs(UtmParameters.NONE);
        assertThat(UtmParameters.parse("page=2&sort=price")).isSameAs(UtmParameters.NONE);
        assertThat(UtmParameters.parse("utm_source")).isEqualTo(UtmParameters.NONE);
    }

    @Test
    void randomBytesNeverGiveAnUnstorableOrOverlongValue() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder q = new StringBuilder("utm_source=");
            int n = random.nextInt(400);
            for (int j = 0; j < n; j++) {
                int kind = random.nextInt(4);
                if (kind == 0) {
                    q.append('%').append(String.format("%02X", random.nextInt(256)));
                } else if (kind == 1) {
                    q.append((char) random.nextInt(0x100));
                } else if (kind == 2) {
                    q.append((char) random.nextInt(0x10000));
                } else {
                    q.append("%&=+".charAt(random.nextInt(4)));
                }
            }
            UtmParameters p = UtmParameters.parse(q.toString());
            for (String v : new String[]{p.source(), p.medium(), p.campaign()}) {
                if (v != null) {
                    assertThat(StorableText.isStorable(v)).as("storable: %s", q).isTrue();
                    assertThat(v.length()).isBetween(1, Channel.MAX_LENGTH);
                    assertThat(v).isEqualTo(v.strip());
                }
            }
        }
    }
}
