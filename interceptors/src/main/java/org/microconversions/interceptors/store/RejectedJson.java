package org.microconversions.interceptors.store;

import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;

import java.util.Map;

/**
 * The whole event as JSON for {@code mc_event_rejected}, in pure ASCII: everything outside
 * printable ASCII is written as {@code \\uXXXX}, so the row can be stored whatever the event
 * holds (PostgreSQL refuses U+0000 even in {@code text}; a lone surrogate would be replaced by
 * {@code ?} on the way in) and nothing of the original is lost.
 */
final class RejectedJson {

    private RejectedJson() {
    }

    static String write(MicroConversionEvent e) {
        StringBuilder sb = new StringBuilder(256).append('{');
        field(sb, "id", e.id().toString());
        field(sb.append(','), "name", e.name());
        field(sb.append(','), "kind", e.kind().label());
        field(sb.append(','), "timestamp", e.timestamp().toString());
        field(sb.append(','), "visitorId", e.visitorId());
        field(sb.append(','), "sessionId", e.sessionId());
        field(sb.append(','), "userId", e.userId());
        Channel ch = e.channel();
        if (ch != null) {
            field(sb.append(','), "source", ch.source());
            field(sb.append(','), "medium", ch.medium());
            field(sb.append(','), "campaign", ch.campaign());
        }
        field(sb.append(','), "value", e.value() == null ? null : e.value().toPlainString());
        field(sb.append(','), "currency", e.currency());
        field(sb.append(','), "origin", e.origin());
        map(sb.append(','), "variants", e.variants());
        map(sb.append(','), "attributes", e.attributes());
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
        quote(sb, key).append(':');
        quote(sb, value);
    }

    private static void map(StringBuilder sb, String key, Map<String, String> map) {
        quote(sb, key).append(":{");
        boolean first = true;
        for (Map.Entry<String, String> en : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            field(sb, en.getKey(), en.getValue());
        }
        sb.append('}');
    }

    static StringBuilder quote(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append("null");
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append("\\u").append(Character.forDigit(c >> 12, 16)).append(Character.forDigit((c >> 8) & 0xf, 16))
                        .append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return sb.append('"');
    }

    /** A database message as printable ASCII, at most {@code max} characters. */
    static String message(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
