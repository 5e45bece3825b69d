package org.microconversions.interceptors.json;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one writer and reader, checked against an independent JSON-P parser (Parsson). */
class JsonWriterReaderTest {

    @Test
    void writesCommasAndColonsForNestedObjectsAndArrays() {
        String json = JsonWriter.create(64).beginObject()
                .field("a", "x")
                .optional("skipped", null)
                .field("n", (String) null)
                .name("list").value(List.of(1, "two", new BigDecimal("3.50"), true))
                .field("empty", Map.of())
                .name("o").beginObject().name("deep").beginArray().value(1L).value(false).endArray().endObject()
                .endObject().toString();

        assertThat(json).isEqualTo("{\"a\":\"x\",\"n\":null,\"list\":[1,\"two\",3.50,true],\"empty\":{},"
                + "\"o\":{\"deep\":[1,false]}}");
        assertThat(Json.createReader(new StringReader(json)).readObject().getJsonArray("list")).hasSize(4);
    }

    @Test
    void anyTextRoundTripsThroughTheWriterAndBothReaders() {
        Random random = new Random(20261201L);
        for (int round = 0; round < 2_000; round++) {
            Map<String, String> members = new LinkedHashMap<>();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                members.put("k" + i, randomText(random));
            }
            String json = JsonWriter.objectOrNull(members);
            String ascii = JsonWriter.asciiOnly(64).beginObject().field("m", members).endObject().toString();

            assertThat(JsonReader.strings(json)).as("seed 20261201, round %d", round).isEqualTo(members);
            assertThat(json.chars()).as("raw controls or U+2028/9 in %s", json)
                    .noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029);
            JsonObject parsed = Json.createReader(new StringReader(json)).readObject();
            members.forEach((k, v) -> assertThat(((JsonString) parsed.get(k)).getString()).isEqualTo(v));
            assertThat(ascii.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
            assertThat(JsonReader.parse(ascii)).isEqualTo(Map.of("m", members));
        }
    }

    @Test
    void theReaderRefusesWhatIsNotJson() {
        for (String bad : List.of("{", "{\"a\":}", "{\"a\":\"x\"", "[1,]x", "{\"a\":\"\\u12G4\"}", "\"\\u+123\"",
                "tru")) {
            assertThatThrownBy(() -> JsonReader.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> JsonReader.strings("{\"a\":1}")).hasMessageContaining("a");
        assertThat(JsonReader.strings(null)).isEmpty();
        assertThat(JsonWriter.objectOrNull(Map.of())).isNull();
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            switch (random.nextInt(6)) {
                case 0 -> sb.append((char) random.nextInt(0x20)); // controls
                case 1 -> sb.append("\"\\/\u2028\u2029\u007f\u0085".charAt(random.nextInt(7)));
                case 2 -> sb.appendCodePoint(0x1F600 + random.nextInt(50)); // a pair
                case 3 -> sb.append((char) (0x4E00 + random.nextInt(500)));
                default -> sb.append((char) (0x20 + random.nextInt(95)));
            }
        }
        return sb.toString();
    }
}
