package org.microconversions.interceptors.json;

/**
 * Writes JSON string literals: the one escaping routine every payload writer of the suite
 * (store columns, GA4, webhooks, Kafka) shares, so none needs a JSON library at run time.
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * Appends {@code s} as a JSON string literal, or {@code null}. Escapes quotes, backslashes,
     * control characters and U+2028/U+2029 (which break JavaScript consumers).
     *
     * @param out where to append
     * @param s   the text, may be null
     * @return {@code out}
     */
    public static StringBuilder quote(StringBuilder out, String s) {
        if (s == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
