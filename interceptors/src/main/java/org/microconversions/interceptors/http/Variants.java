package org.microconversions.interceptors.http;

import org.microconversions.api.MicroConversionEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses {@code experiment=variant,...} from a header or cookie; malformed pairs are skipped. */
final class Variants {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    private Variants() {
    }

    static Map<String, String> parse(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = pair.substring(0, eq).trim();
            String v = pair.substring(eq + 1).trim();
            if (KEY.matcher(k).matches() && VALUE.matcher(v).matches()
                    && out.size() < MicroConversionEvent.MAX_ENTRIES) {
                out.put(k, v);
            }
        }
        return out;
    }
}
