package org.microconversions.interceptors.sink.webhook;

import org.microconversions.interceptors.json.JsonText;

import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;

import java.util.Map;

/**
 * The JSON body of one webhook message (schema in {@code docs/sinks.md}). The same event always
 * gives the same bytes, so a retried message carries the same body under the same
 * {@code webhook-id}.
 */
public final class WebhookPayload {

    /** The {@code type} of every message this sink sends. */
    public static final String TYPE = "microconversion.recorded";

    private WebhookPayload() {
    }

    /**
     * @param e the conversion
     * @return its message body
     */
    public static String json(MicroConversionEvent e) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"id\":");
        quote(b, e.id().toString());
        b.append(",\"type\":");
        quote(b, TYPE);
        b.append(",\"timestamp\":");
        quote(b, e.timestamp().toString());
        b.append(",\"data\":{\"name\":");
        quote(b, e.name());
        b.append(",\"kind\":");
        quote(b, e.kind().label());
        b.append(",\"occurredAt\":");
        quote(b, e.timestamp().toString());
        b.append(",\"visitorId\":");
        quote(b, e.visitorId());
        b.append(",\"sessionId\":");
        quote(b, e.sessionId());
        if (e.userId() != null) {
            b.append(",\"userId\":");
            quote(b, e.userId());
        }
        b.append(",\"channel\":");
        Channel ch = e.channel();
        if (ch == null) {
            b.append("null");
        } else {
            b.append("{\"source\":");
            quote(b, ch.source());
            b.append(",\"medium\":");
            quote(b, ch.medium());
            b.append(",\"campaign\":");
            quote(b, ch.campaign());
            b.append('}');
        }
        b.append(",\"variants\":");
        object(b, e.variants());
        b.append(",\"value\":").append(e.value() == null ? "null" : e.value().toPlainString());
        b.append(",\"currency\":");
        quote(b, e.currency());
        b.append(",\"attributes\":");
        object(b, e.attributes());
        b.append(",\"origin\":");
        quote(b, e.origin());
        return b.append("}}").toString();
    }

    private static void object(StringBuilder b, Map<String, String> m) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, String> en : m.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            quote(b, en.getKey());
            b.append(':');
            quote(b, en.getValue());
        }
        b.append('}');
    }

    /** A JSON string literal (or {@code null}), escaping quotes, backslashes and control characters. */
    static void quote(StringBuilder out, String s) {
        JsonText.quote(out, s);
    }
}
