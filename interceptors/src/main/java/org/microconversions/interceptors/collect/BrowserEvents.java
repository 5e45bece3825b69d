package org.microconversions.interceptors.collect;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.StorableText;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.Settings.CollectSettings;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Parses and validates a batch from the browser. Every field is checked; the first violation
 * rejects the whole request with a reason that names the field, so nothing invalid is stored.
 */
final class BrowserEvents {

    static final String ORIGIN = "beacon";

    private BrowserEvents() {
    }

    /** A violation of the endpoint's contract. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Invalid(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static List<MicroConversionEvent> parse(byte[] body, CollectSettings settings, VisitorContext visitor,
            boolean gpc, Instant now) throws Invalid {
        JsonObject root;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue v = reader.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new Invalid(400, "body must be a JSON object with an events array");
            }
            root = v.asJsonObject();
        } catch (RuntimeException | StackOverflowError e) {
            // JSON-P implementations throw more than JsonException (e.g. Parsson's nesting limit)
            throw new Invalid(400, "body is not valid JSON");
        }
        JsonValue events = root.get("events");
        if (events == null || events.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new Invalid(400, "events must be an array");
        }
        int count = events.asJsonArray().size();
        if (count == 0) {
            throw new Invalid(400, "events must not be empty");
        }
        if (count > settings.maxEvents()) {
            throw new Invalid(413, "at most " + settings.maxEvents() + " events per request");
        }
        List<MicroConversionEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(event(events.asJsonArray().get(i), "events[" + i + "]", settings, visitor, gpc, now));
        }
        return out;
    }

    private static MicroConversionEvent event(JsonValue value, String at, CollectSettings settings,
            VisitorContext visitor, boolean gpc, Instant now) throws Invalid {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Invalid(400, at + " must be an object");
        }
        JsonObject o = value.asJsonObject();
        if (o.toString().getBytes(StandardCharsets.UTF_8).length > settings.maxEventBytes()) {
            throw new Invalid(413, at + " is larger than " + settings.maxEventBytes() + " bytes");
        }
        for (String key : o.keySet()) {
            if (!key.equals("id") && !key.equals("name") && !key.equals("ts") && !key.equals("attributes")) {
                throw new Invalid(400, at + " has an unknown field");
            }
        }
        UUID id;
        try {
            id = UUID.fromString(string(o, "id", at));
        } catch (IllegalArgumentException e) {
            throw new Invalid(400, at + ".id must be a UUID");
        }
        String name = string(o, "name", at);
        if (!MicroConversionEvent.isValidName(name) || !settings.names().contains(name)) {
            throw new Invalid(400, at + ".name is not a conversion the browser may send");
        }
        JsonValue ts = o.get("ts");
        if (ts == null || ts.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) ts).isIntegral()) {
            throw new Invalid(400, at + ".ts must be epoch milliseconds");
        }
        Instant when;
        try {
            when = Instant.ofEpochMilli(((JsonNumber) ts).longValueExact());
        } catch (ArithmeticException e) {
            throw new Invalid(400, at + ".ts must be epoch milliseconds");
        }
        if (when.isBefore(now.minus(settings.pastWindow())) || when.isAfter(now.plus(settings.futureWindow()))) {
            throw new Invalid(400, at + ".ts is outside the accepted time window");
        }
        MicroConversionEvent.Builder b = MicroConversionEvent.builder().id(id).name(name).kind(Kind.MICRO)
                .timestamp(when).visitor(visitor).userId(null).origin(ORIGIN);
        JsonValue attrs = o.get("attributes");
        int n = 0;
        if (attrs != null && attrs.getValueType() != JsonValue.ValueType.NULL) {
            if (attrs.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new Invalid(400, at + ".attributes must be an object");
            }
            for (Map.Entry<String, JsonValue> e : attrs.asJsonObject().entrySet()) {
                if (e.getValue().getValueType() != JsonValue.ValueType.STRING) {
                    throw new Invalid(400, at + ".attributes values must be strings");
                }
                String v = ((JsonString) e.getValue()).getString();
                if (!StorableText.isStorable(e.getKey()) || !StorableText.isStorable(v)) {
                    throw new Invalid(400, at + ".attributes contain control characters or lone surrogates");
                }
                if (MicroConversionEvent.isReservedAttribute(e.getKey())) {
                    throw new Invalid(400, at + ".attributes." + e.getKey() + " is reserved");
                }
                b.attribute(e.getKey(), v);
            }
        }
        if (gpc) {
            b.attribute(MicroConversionEvent.GPC_ATTRIBUTE, "1"); // Global Privacy Control: never owed to third parties
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new Invalid(400, at + ": " + e.getMessage());
        }
    }

    private static String string(JsonObject o, String field, String at) throws Invalid {
        JsonValue v = o.get(field);
        if (v == null || v.getValueType() != JsonValue.ValueType.STRING) {
            throw new Invalid(400, at + "." + field + " must be a string");
        }
        return ((JsonString) v).getString();
    }
}
