package org.microconversions.interceptors.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The suite's one JSON writer: the store's columns, the quarantine, GA4, webhooks and Kafka all
 * write through it, so escaping and separators are decided once. Small and allocation-light on
 * purpose (the store writes two objects per conversion), and without a JSON-P implementation, which
 * a sink running outside a Jakarta EE server would not have.
 *
 * <pre>{@code
 * String json = JsonWriter.create(64).beginObject().field("name", "add-to-cart").endObject().toString();
 * }</pre>
 *
 * <p>The caller keeps the structure valid (a name before each member's value, containers closed);
 * the writer adds commas and colons.
 */
public final class JsonWriter {

    private static final int MAX_DEPTH = 32;

    private final StringBuilder out;
    private final boolean ascii;
    /** Per open container: whether a member or element was written yet. */
    private final boolean[] written = new boolean[MAX_DEPTH];
    private int depth = -1;
    private boolean afterName;

    private JsonWriter(StringBuilder out, boolean ascii) {
        this.out = out;
        this.ascii = ascii;
    }

    /** @return a writer of UTF-16 text ({@link JsonText#quote}) */
    public static JsonWriter create(int capacity) {
        return new JsonWriter(new StringBuilder(capacity), false);
    }

    /** @return a writer whose output is printable ASCII: everything else is a {@code \\u} escape */
    public static JsonWriter asciiOnly(int capacity) {
        return new JsonWriter(new StringBuilder(capacity), true);
    }

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    /** The name of the next member; its value follows. */
    public JsonWriter name(String name) {
        separate();
        quote(name).append(':');
        afterName = true;
        return this;
    }

    /** A string, or {@code null}. */
    public JsonWriter value(String s) {
        separate();
        quote(s);
        return this;
    }

    /** A number as a plain decimal ({@code 12.50}, never {@code 1.25E+1}), or {@code null}. */
    public JsonWriter value(BigDecimal d) {
        separate();
        out.append(d == null ? "null" : d.toPlainString());
        return this;
    }

    public JsonWriter value(long n) {
        separate();
        out.append(n);
        return this;
    }

    public JsonWriter value(boolean b) {
        separate();
        out.append(b);
        return this;
    }

    /** A value already written as JSON by another writer (a fragment measured on its own). */
    public JsonWriter raw(String json) {
        separate();
        out.append(json);
        return this;
    }

    /**
     * A String, BigDecimal, Integer, Long, Boolean, Map with String keys, List, or null, nested as
     * deep as it is.
     *
     * @throws IllegalArgumentException for any other type
     */
    public JsonWriter value(Object v) {
        if (v == null || v instanceof String) {
            return value((String) v);
        } else if (v instanceof BigDecimal d) {
            return value(d);
        } else if (v instanceof Integer || v instanceof Long) {
            return value(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            return value(b.booleanValue());
        } else if (v instanceof Map<?, ?> m) {
            beginObject();
            m.forEach((k, x) -> name((String) k).value(x));
            return endObject();
        } else if (v instanceof List<?> l) {
            beginArray();
            l.forEach(this::value);
            return endArray();
        }
        throw new IllegalArgumentException("cannot write " + v.getClass() + " as JSON");
    }

    /** A member with a string value, {@code null} included. */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    /** A member with a string value, left out when the value is null. */
    public JsonWriter optional(String name, String value) {
        return value == null ? this : field(name, value);
    }

    /** A member whose value is an object of strings ({@code {}} when empty). */
    public JsonWriter field(String name, Map<String, String> members) {
        name(name).beginObject();
        members.forEach(this::field);
        return endObject();
    }

    /** @return {@code members} as a JSON object of strings, or null when there are none (an empty column) */
    public static String objectOrNull(Map<String, String> members) {
        if (members.isEmpty()) {
            return null;
        }
        JsonWriter w = create(members.size() * 24).beginObject();
        members.forEach(w::field);
        return w.endObject().toString();
    }

    /** @return characters written so far */
    public int length() {
        return out.length();
    }

    /** @return the JSON written so far */
    @Override
    public String toString() {
        return out.toString();
    }

    private JsonWriter open(char c) {
        separate();
        out.append(c);
        if (++depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        written[depth] = false;
        return this;
    }

    private JsonWriter close(char c) {
        depth--;
        out.append(c);
        return this;
    }

    /** A comma before every member or element but the first of its container; none after a name. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth >= 0) {
            if (written[depth]) {
                out.append(',');
            }
            written[depth] = true;
        }
    }

    private StringBuilder quote(String s) {
        return ascii ? JsonText.quoteAscii(out, s) : JsonText.quote(out, s);
    }
}
