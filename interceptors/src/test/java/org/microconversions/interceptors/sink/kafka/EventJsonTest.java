package org.microconversions.interceptors.sink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversionEvent;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {

    private static final UUID ID = UUID.fromString("0192f0c4-7b1e-7a3c-8d2e-5f6a7b8c9d0e");

    @Test
    void writesTheDocumentedV1Schema() {
        MicroConversionEvent e = MicroConversionEvent.builder().id(ID).name("purchase").kind(Kind.MACRO)
                .timestamp(Instant.parse("2026-03-14T09:26:53.589Z")).visitorId("v-1").sessionId("s-1")
                .userId("u-42").channel(new Channel("newsletter", "email", "spring-sale")).variant("checkout", "b")
                .value(new BigDecimal("12.5000"), "EUR").attribute("items", "2").origin("CheckoutBean#pay").build();

        assertThat(new String(EventJson.write(e), StandardCharsets.UTF_8))
                .isEqualTo("{\"schema\":\"microconversion/v1\","
                        + "\"id\":\"0192f0c4-7b1e-7a3c-8d2e-5f6a7b8c9d0e\",\"name\":\"purchase\",\"kind\":\"macro\","
                        + "\"occurredAt\":\"2026-03-14T09:26:53.589Z\",\"visitorId\":\"v-1\",\"sessionId\":\"s-1\","
                        + "\"userId\":\"u-42\",\"channel\":{\"source\":\"newsletter\",\"medium\":\"email\","
                        + "\"campaign\":\"spring-sale\"},\"variants\":{\"checkout\":\"b\"},\"value\":\"12.50\","
                        + "\"currency\":\"EUR\",\"attributes\":{\"items\":\"2\"},\"origin\":\"CheckoutBean#pay\"}");
    }

    @Test
    void leavesUnsetOptionalFieldsOut() {
        MicroConversionEvent e = MicroConversionEvent.builder().id(ID).name("share")
                .timestamp(Instant.parse("2026-03-14T09:26:53Z")).channel(Channel.DIRECT).build();
        assertThat(new String(EventJson.write(e), StandardCharsets.UTF_8))
                .isEqualTo("{\"schema\":\"microconversion/v1\","
                        + "\"id\":\"0192f0c4-7b1e-7a3c-8d2e-5f6a7b8c9d0e\",\"name\":\"share\",\"kind\":\"micro\","
                        + "\"occurredAt\":\"2026-03-14T09:26:53Z\",\"channel\":{\"source\":\"(direct)\",\"medium\":\"(none)\"},"
                        + "\"variants\":{},\"attributes\":{}}");
    }

    @Test
    void escapesEverythingAJsonParserNeeds() throws Exception {
        // control characters cannot reach a sink any more (StorableText): what is left to escape
        String nasty = "a\"b\\c/d</script>e<é>😀";
        MicroConversionEvent e = MicroConversionEvent.builder().id(ID).name("share").timestamp(Instant.EPOCH)
                .visitorId(nasty).attribute("network", nasty).origin(nasty).build();
        JsonNode json = KafkaTestSupport.JSON.readTree(EventJson.write(e));
        assertThat(json.get("visitorId").asText()).isEqualTo(nasty);
        assertThat(json.get("attributes").get("network").asText()).isEqualTo(nasty);
        assertThat(json.get("origin").asText()).isEqualTo(nasty);
    }

    @Test
    void amountsKeepTheCurrencysDecimalsAndNoOtherTrailingZeros() {
        assertThat(EventJson.amount(new BigDecimal("12.5000"), "EUR")).isEqualTo("12.50");
        assertThat(EventJson.amount(new BigDecimal("0.1250"), "EUR")).isEqualTo("0.125");
        assertThat(EventJson.amount(new BigDecimal("1200.0000"), "JPY")).isEqualTo("1200");
        assertThat(EventJson.amount(new BigDecimal("1E+3"), "USD")).isEqualTo("1000.00");
    }

    @Test
    void keyIsTheVisitorOrTheEventIdWithoutOne() {
        MicroConversionEvent.Builder b = MicroConversionEvent.builder().id(ID).name("share").timestamp(Instant.EPOCH);
        assertThat(KafkaSender.key(b.visitorId("v-1").build())).isEqualTo("v-1");
        assertThat(KafkaSender.key(b.visitorId(null).build())).isEqualTo(ID.toString());
    }
}
