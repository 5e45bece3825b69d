package org.microconversions.interceptors.store;

import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.json.JsonText;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RejectedJsonTest {

    @Test
    void everythingOutsidePrintableAsciiIsEscapedSoAnyDatabaseCanStoreIt() {
        String nasty = "a\u0000b\"c\\d\ne\u00e9\u2028\ud83d\ude00\ud800"; // NUL, quote, é, emoji, lone surrogate
        String json = JsonText.quoteAscii(new StringBuilder(), nasty).toString();
        assertThat(json).isEqualTo("\"a\\u0000b\\\"c\\\\d\\u000ae\\u00e9\\u2028\\ud83d\\ude00\\ud800\"");
        assertThat(json.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)).isTrue();
    }

    @Test
    void theWholeEventIsWritten() {
        UUID id = UUID.randomUUID();
        MicroConversionEvent e = MicroConversionEvent.builder().id(id).name("purchase")
                .timestamp(Instant.parse("2026-01-02T03:04:05Z")).visitorId("v1").sessionId("s1")
                .channel(new Channel("google", "organic", null)).value(new BigDecimal("1E+3"), "EUR")
                .variant("hero", "b").attribute("items", "2").origin("srv").build();
        assertThat(RejectedJson.write(e)).isEqualTo("{\"id\":\"" + id + "\",\"name\":\"purchase\",\"kind\":\"micro\","
                + "\"timestamp\":\"2026-01-02T03:04:05Z\",\"visitorId\":\"v1\",\"sessionId\":\"s1\",\"userId\":null,"
                + "\"source\":\"google\",\"medium\":\"organic\",\"campaign\":null,\"value\":\"1000\",\"currency\":\"EUR\","
                + "\"origin\":\"srv\",\"variants\":{\"hero\":\"b\"},\"attributes\":{\"items\":\"2\"}}");
    }

    @Test
    void messagesAreClippedToPrintableAscii() {
        assertThat(RejectedJson.message("bad\u0000 byte é", 100)).isEqualTo("bad? byte ?");
        assertThat(RejectedJson.message("x".repeat(600), 500)).hasSize(500);
    }
}
