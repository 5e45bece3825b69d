package org.microconversions.interceptors.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite's one JSON reader, for what it reads back: its own store columns and the GA4 debug
 * endpoint's answer. A strict recursive-descent parser of RFC 8259 text.
 */
public final class JsonReader {

    private JsonReader() {
    }

    /**
     * Reads a flat object of strings, as {@link JsonWriter#field(String, Map)} writes one.
     *
     * @param json the text, null or empty for none
     * @return its members in order; empty for null or empty text
     * @throws IllegalArgumentException if it is not such an object
     */
    public static Map<String, String> strings(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        if (!(parse(json) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        m.forEach((k, v) -> {
            if (!(v instanceof String)) {
                throw new IllegalArgumentException("member " + k + " is not a string");
            }
        });
        @SuppressWarnings("unchecked") // keys are strings by JSON, values checked above: no second copy per row
        Map<String, String> strings = (Map<String, String>) m;
        return strings;
    }

    /**
     * Parses JSON text into Map (insertion-ordered), List, String, BigDecimal, Boolean or null.
     *
     * @throws IllegalArgumentException if it is not JSON
     */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.space();
        Object v = p.value();
        p.space();
        if (p.at < text.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        Object value() {
            if (at >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(at);
            switch (c) {
                case '{' :
                    return object();
                case '[' :
                    return array();
                case '"' :
                    return string();
                case 't' :
                    return literal("true", Boolean.TRUE);
                case 'f' :
                    return literal("false", Boolean.FALSE);
                case 'n' :
                    return literal("null", null);
                default :
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            at++;
            space();
            if (peek() == '}') {
                at++;
                return m;
            }
            while (true) {
                space();
                String key = string();
                space();
                expect(':');
                space();
                m.put(key, value());
                space();
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            at++;
            space();
            if (peek() == ']') {
                at++;
                return l;
            }
            while (true) {
                space();
                l.add(value());
                space();
                if (peek() == ',') {
                    at++;
                } else {
                    expect(']');
                    return l;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (at >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(at++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (at >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(at++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        int code = 0;
                        for (int end = at + 4; at < end; at++) {
                            int digit = at < s.length() ? Character.digit(s.charAt(at), 16) : -1;
                            if (digit < 0) {
                                throw error("bad unicode escape");
                            }
                            code = code << 4 | digit;
                        }
                        b.append((char) code);
                    }
                    default -> b.append(e);
                }
            }
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, at)) {
                throw error("unexpected character");
            }
            at += word.length();
            return v;
        }

        private BigDecimal number() {
            int start = at;
            while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
                at++;
            }
            try {
                return new BigDecimal(s.substring(start, at));
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }

        private char peek() {
            if (at >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(at);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        void space() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("not JSON: " + what + " at " + at);
        }
    }
}
