package org.microconversions.interceptors.store;

import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.json.JsonWriter;

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
        JsonWriter w = JsonWriter.asciiOnly(256).beginObject()
                .field("id", e.id().toString())
                .field("name", e.name())
                .field("kind", e.kind().label())
                .field("timestamp", e.timestamp().toString())
                .field("visitorId", e.visitorId())
                .field("sessionId", e.sessionId())
                .field("userId", e.userId());
        Channel ch = e.channel();
        if (ch != null) {
            w.field("source", ch.source()).field("medium", ch.medium()).field("campaign", ch.campaign());
        }
        return w.field("value", e.value() == null ? null : e.value().toPlainString())
                .field("currency", e.currency())
                .field("origin", e.origin())
                .field("variants", e.variants())
                .field("attributes", e.attributes())
                .endObject().toString();
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
