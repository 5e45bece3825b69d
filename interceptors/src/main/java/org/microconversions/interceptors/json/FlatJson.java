package org.microconversions.interceptors.json;

import java.util.Map;

/**
 * Writes and reads a flat string-to-string JSON object: the format of the {@code variants} and
 * {@code attributes} columns, which the store writes and the outbox
 * reads, without a JSON library. Reads only what {@link #write} produces.
 */
public final class FlatJson {

    private FlatJson() {
    }

    public static String write(Map<String, String> map) {
        if (map.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(map.size() * 24).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey()).append(':');
            quote(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        return JsonText.quote(sb, s);
    }

    public static Map<String, String> read(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        int[] at = {0};
        expect(json, at, '{');
        if (json.charAt(at[0]) == '}') {
            return out;
        }
        while (true) {
            String key = string(json, at);
            expect(json, at, ':');
            out.put(key, string(json, at));
            char c = json.charAt(at[0]++);
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw new IllegalArgumentException("malformed JSON object at " + (at[0] - 1));
            }
        }
    }

    private static void expect(String s, int[] at, char c) {
        if (s.charAt(at[0]) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at[0]);
        }
        at[0]++;
    }

    private static String string(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(at[0]++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(at[0]++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(at[0], at[0] + 4), 16));
                    at[0] += 4;
                }
                default -> sb.append(e);
            }
        }
    }
}
