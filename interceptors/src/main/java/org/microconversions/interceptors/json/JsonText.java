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
        int run = 0; // start of the characters not yet appended: they need no escape, and go in one append
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return (run == 0 ? out.append(s) : out.append(s, run, s.length())).append('"');
    }

    /**
     * Appends {@code s} as a JSON string literal of printable ASCII, or {@code null}: quotes and
     * backslashes escaped, every other character outside U+0020–U+007E as a \\u escape. For
     * text that must survive any column encoding (the quarantine).
     */
    public static StringBuilder quoteAscii(StringBuilder out, String s) {
        if (s == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
        return out.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
