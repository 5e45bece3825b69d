package org.microconversions.interceptors.http;

import org.microconversions.api.Channel;
import org.microconversions.api.StorableText;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The UTM parameters of a request, parsed by the library from the raw query string.
 *
 * <p>Never {@code ServletRequest.getParameter}: on a form POST that reads and consumes the body
 * the shop's own servlet is about to read, and it decodes with the container's default charset
 * (ISO-8859-1), garbling {@code größe}. Here percent-escapes are decoded as UTF-8 (malformed
 * sequences become U+FFFD, a malformed escape is taken literally), {@code +} is a space, and the
 * result is {@linkplain StorableText#clean(String, int) cleaned} and clipped to the channel's
 * column. A raw byte above 0x7F (not percent-encoded, as some clients send) is taken as a UTF-8
 * byte, which is what the container handed over as one ISO-8859-1 character.
 *
 * @param source   {@code utm_source}, or null
 * @param medium   {@code utm_medium}, or null
 * @param campaign {@code utm_campaign}, or null
 */
record UtmParameters(String source, String medium, String campaign) {

    static final UtmParameters NONE = new UtmParameters(null, null, null);

    /** Parameters longer than this are not decoded at all: a channel keeps 100 characters. */
    private static final int MAX_RAW = 2048;

    /**
     * @param rawQuery {@code HttpServletRequest.getQueryString()}, may be null
     * @return the first value of each UTM parameter, cleaned; the first occurrence wins
     */
    static UtmParameters parse(String rawQuery) {
        if (rawQuery == null || rawQuery.indexOf("utm_") < 0) {
            return NONE; // the common case: no allocation
        }
        String source = null;
        String medium = null;
        String campaign = null;
        int n = rawQuery.length();
        int start = 0;
        while (start <= n) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            if (rawQuery.startsWith("utm_", start)) {
                int eq = rawQuery.indexOf('=', start);
                if (eq > 0 && eq < end) {
                    String key = rawQuery.substring(start, eq);
                    if (source == null && key.equals("utm_source")) {
                        source = value(rawQuery, eq + 1, end);
                    } else if (medium == null && key.equals("utm_medium")) {
                        medium = value(rawQuery, eq + 1, end);
                    } else if (campaign == null && key.equals("utm_campaign")) {
                        campaign = value(rawQuery, eq + 1, end);
                    }
                }
            }
            start = end + 1;
        }
        return new UtmParameters(source, medium, campaign);
    }

    private static String value(String q, int from, int to) {
        if (to - from > MAX_RAW) {
            to = from + MAX_RAW;
        }
        return StorableText.clean(decode(q, from, to), Channel.MAX_LENGTH);
    }

    /** Percent-decodes {@code q[from, to)} as UTF-8; never throws. */
    static String decode(String q, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = q.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && hex(q, i + 1, to) >= 0) {
                bytes.write(hex(q, i + 1, to));
                i += 2;
            } else if (c <= 0xFF) {
                bytes.write(c);
            } else {
                // a character the container decoded itself: keep it, a surrogate pair as one
                int len = Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(q.charAt(i + 1))
                        ? 2
                        : 1;
                byte[] utf8 = q.substring(i, i + len).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += len - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8); // malformed input becomes U+FFFD
    }

    /** @return the byte of the two hex digits at {@code i}, or -1 */
    private static int hex(String q, int i, int to) {
        if (i + 1 >= to) {
            return -1;
        }
        int hi = hexDigit(q.charAt(i));
        int lo = hexDigit(q.charAt(i + 1));
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }

    /** ASCII only: {@code Character.digit} would take other scripts' digits too. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
