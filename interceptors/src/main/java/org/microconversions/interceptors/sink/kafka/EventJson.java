package org.microconversions.interceptors.sink.kafka;

import org.microconversions.interceptors.json.JsonText;

import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;

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
        StringBuilder sb = new StringBuilder(384).append('{');
        field(sb, "schema", SCHEMA);
        field(sb, "id", e.id().toString());
        field(sb, "name", e.name());
        field(sb, "kind", e.kind().label());
        field(sb, "occurredAt", e.timestamp().toString());
        field(sb, "visitorId", e.visitorId());
        field(sb, "sessionId", e.sessionId());
        field(sb, "userId", e.userId());
        Channel c = e.channel();
        if (c != null) {
            sb.append(",\"channel\":{");
            int start = sb.length();
            field(sb, "source", c.source());
            field(sb, "medium", c.medium());
            field(sb, "campaign", c.campaign());
            if (sb.length() > start) {
                sb.deleteCharAt(start); // the leading comma of the first part
            }
            sb.append('}');
        }
        object(sb, "variants", e.variants());
        if (e.value() != null) {
            field(sb, "value", amount(e.value(), e.currency()));
        }
        field(sb, "currency", e.currency());
        object(sb, "attributes", e.attributes());
        field(sb, "origin", e.origin());
        sb.deleteCharAt(1); // the leading comma of "schema"
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
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

    private static void field(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(',');
            quote(sb, name).append(':');
            quote(sb, value);
        }
    }

    private static void object(StringBuilder sb, String name, Map<String, String> map) {
        sb.append(',');
        quote(sb, name).append(":{");
        boolean first = true;
        for (Map.Entry<String, String> en : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, en.getKey()).append(':');
            quote(sb, en.getValue());
        }
        sb.append('}');
    }

    static StringBuilder quote(StringBuilder sb, String s) {
        return JsonText.quote(sb, s);
    }
}
