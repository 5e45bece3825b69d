package org.microconversions.interceptors.sink.webhook;

import org.microconversions.api.Channel;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.json.JsonWriter;

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
        JsonWriter w = JsonWriter.create(512).beginObject()
                .field("id", e.id().toString())
                .field("type", TYPE)
                .field("timestamp", e.timestamp().toString())
                .name("data").beginObject()
                .field("name", e.name())
                .field("kind", e.kind().label())
                .field("occurredAt", e.timestamp().toString())
                .field("visitorId", e.visitorId())
                .field("sessionId", e.sessionId())
                .optional("userId", e.userId());
        Channel ch = e.channel();
        if (ch == null) {
            w.field("channel", (String) null);
        } else {
            w.name("channel").beginObject()
                    .field("source", ch.source())
                    .field("medium", ch.medium())
                    .field("campaign", ch.campaign())
                    .endObject();
        }
        return w.field("variants", e.variants())
                .name("value").value(e.value())
                .field("currency", e.currency())
                .field("attributes", e.attributes())
                .field("origin", e.origin())
                .endObject().endObject().toString();
    }
}
