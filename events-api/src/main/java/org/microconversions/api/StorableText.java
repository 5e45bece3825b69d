package org.microconversions.api;

/**
 * The one rule for every text the suite stores or forwards, whether it was captured from a
 * request (query string, cookie, header, browser payload) or handed over through the API.
 *
 * <p>A text is <em>storable</em> when it holds no control character and no lone surrogate:
 * <ul>
 *   <li>no C0 control ({@code U+0000}–{@code U+001F}, tab and line breaks included), no
 *       {@code U+007F} and no C1 control ({@code U+0080}–{@code U+009F}): a NUL is refused by
 *       PostgreSQL and CR/LF would reach HTTP headers and log lines downstream;</li>
 *   <li>no line or paragraph separator ({@code U+2028}, {@code U+2029}), which break
 *       JavaScript and log parsers;</li>
 *   <li>no high surrogate without its low surrogate and no low surrogate on its own: such a
 *       string has no UTF-8 form, so every database and sink would garble or refuse it.</li>
 * </ul>
 *
 * <p>Lengths are counted in UTF-16 units ({@link String#length()}), the measure of Derby's
 * {@code VARCHAR}; PostgreSQL counts code points, which are never more. Clipping never splits a
 * surrogate pair.
 *
 * <p>Two ways to apply the rule: values from the API are {@linkplain #require(String, String, int)
 * checked} and refused with an {@link IllegalArgumentException} that names the field; values
 * captured from visitors are {@linkplain #clean(String, int) cleaned} (what is not storable is
 * removed, the rest trimmed and clipped), because a visitor's hostile link must neither fail the
 * shop's request nor be stored as it came.
 *
 * @since 0.1
 */
public final class StorableText {

    private StorableText() {
    }

    /**
     * @param s a text, may be null
     * @return true if {@code s} is null or holds no control character and no lone surrogate
     */
    public static boolean isStorable(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue; // printable ASCII: the common case, one comparison pair
            }
            if (isControl(c) || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /**
     * Checks a value handed over through the API.
     *
     * @param field     the field's name, for the message (e.g. {@code attributes.sku})
     * @param s         the value, may be null
     * @param maxLength the most UTF-16 units it may have
     * @return {@code s}
     * @throws IllegalArgumentException naming the field, if {@code s} is not storable or too long
     */
    public static String require(String field, String s, int maxLength) {
        if (s == null) {
            return null;
        }
        if (s.length() > maxLength) {
            throw new IllegalArgumentException(field + " is longer than " + maxLength + " characters");
        }
        if (!isStorable(s)) {
            throw new IllegalArgumentException(field
                    + " contains a control character (U+0000-U+001F, U+007F-U+009F, U+2028, U+2029)"
                    + " or a lone surrogate");
        }
        return s;
    }

    /**
     * Cleans a value captured from a visitor: removes every control character and lone
     * surrogate, trims surrounding whitespace, then clips to {@code maxLength} without splitting
     * a surrogate pair.
     *
     * @param s         the captured value, may be null
     * @param maxLength the most UTF-16 units the result may have
     * @return the storable value, or null when nothing is left
     */
    public static String clean(String s, int maxLength) {
        if (s == null) {
            return null;
        }
        String t = isStorable(s) ? s : removeUnstorable(s);
        t = t.strip();
        if (t.isEmpty()) {
            return null;
        }
        return clip(t, maxLength);
    }

    /**
     * @param s         a storable text
     * @param maxLength the most UTF-16 units the result may have
     * @return {@code s}, or its longest prefix of at most {@code maxLength} units that does not
     *         end inside a surrogate pair
     */
    public static String clip(String s, int maxLength) {
        if (s.length() <= maxLength) {
            return s;
        }
        int end = maxLength;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) {
            end--;
        }
        return s.substring(0, end).strip();
    }

    private static String removeUnstorable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b.append(c).append(s.charAt(++i));
                }
            } else if (!isControl(c) && !Character.isLowSurrogate(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }
}
