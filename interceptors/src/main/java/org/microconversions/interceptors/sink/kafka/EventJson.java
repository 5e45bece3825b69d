package org.microconversions.interceptors.sink.kafka;

import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.json.JsonWriter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.Map;

/**
 * The Kafka record value: one event as a JSON object of schema {@value #SCHEMA} (docs/sinks.md).
 * Optional fields are left out when unset; {@code variants} and {@code attributes} are always
 * present; {@code value} is a string holding an exact decimal, never a float.
 */
final class EventJson {

    /** Written as the {@code schema} field and the {@code mc-schema} header. */
    static final String SCHEMA = "microconversion/v1";

    private EventJson() {
    }

    static byte[] write(MicroConversionEvent e) {
        JsonWriter w = JsonWriter.create(384).beginObject()
                .field("schema", SCHEMA)
                .field("id", e.id().toString())
                .field("name", e.name())
                .field("kind", e.kind().label())
                .field("occurredAt", e.timestamp().toString())
                .optional("visitorId", e.visitorId())
                .optional("sessionId", e.sessionId())
                .optional("userId", e.userId());
        Channel c = e.channel();
        if (c != null) {
            w.name("channel").beginObject()
                    .optional("source", c.source())
                    .optional("medium", c.medium())
                    .optional("campaign", c.campaign())
                    .endObject();
        }
        w.field("variants", e.variants());
        if (e.value() != null) {
            w.field("value", amount(e.value(), e.currency()));
        }
        return w.optional("currency", e.currency())
                .field("attributes", e.attributes())
                .optional("origin", e.origin())
                .endObject().toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The value as a plain decimal string with the currency's usual decimals and no other trailing
     * zeros: {@code 12.50} EUR, {@code 1200} JPY, {@code 0.125} EUR.
     */
    static String amount(BigDecimal value, String currency) {
        BigDecimal v = value.stripTrailingZeros();
        int digits = currency == null ? -1 : Currency.getInstance(currency).getDefaultFractionDigits();
        if (v.scale() < Math.max(0, digits)) {
            v = v.setScale(Math.max(0, digits));
        }
        return v.toPlainString();
    }
}
