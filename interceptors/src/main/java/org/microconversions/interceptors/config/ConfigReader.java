package org.microconversions.interceptors.config;

import org.eclipse.microprofile.config.Config;
import org.microconversions.api.MicroConversionEvent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads {@code microconversions.*} values from MicroProfile Config with the suite's one copy of
 * each parsing rule, and <b>collects</b> what is wrong instead of throwing at the first bad key, so
 * that one deployment failure lists every problem ({@link #throwIfInvalid()}).
 *
 * <p>A value that does not parse is reported as {@code Invalid configuration <key>=<value>:
 * <reason>} and read as its default (or {@code null} without one), so reading goes on; code that
 * builds a record from several values checks {@link #problemCount()} before and after, and returns
 * nothing when it grew.
 *
 * <pre>{@code
 * ConfigReader r = new ConfigReader(config);
 * Duration timeout = r.get("microconversions.sink.x.timeout", "5s", ConfigReader.durationIn(MS, FIVE_MINUTES));
 * r.throwIfInvalid(); // one InvalidConfigException naming every bad key
 * }</pre>
 *
 * <p>The parsers are static and throw {@link IllegalArgumentException} with the reason; {@link #get}
 * turns that into a problem naming the key.
 */
public final class ConfigReader {

    private final Config config;
    private final List<InvalidConfigException> problems = new ArrayList<>();

    /** @param config the MicroProfile Config to read */
    public ConfigReader(Config config) {
        this.config = config;
    }

    /**
     * Reads one section alone, for code outside a deployment (tests, a shop's own wiring).
     *
     * @param config the MicroProfile Config
     * @param read   the section's reading function, e.g. {@code Ga4Config::read}
     * @return what it read
     * @throws InvalidConfigException naming every bad key
     */
    public static <T> T strict(Config config, Function<ConfigReader, T> read) {
        ConfigReader r = new ConfigReader(config);
        T value = read.apply(r);
        r.throwIfInvalid();
        return value;
    }

    /**
     * @param key          the key
     * @param defaultValue the text used when it is not set; null: the result is null when not set
     * @param parse        one of the parsers below, or the section's own
     * @return the parsed value; when it is bad, a problem naming the key is recorded and the default's value
     *         (or null) is returned
     */
    public <T> T get(String key, String defaultValue, Function<String, T> parse) {
        return get(key, defaultValue, parse, Function.identity());
    }

    /**
     * {@link #get(String, String, Function)}, showing the value in a message only as {@code shown}
     * makes it (for secrets).
     */
    public <T> T get(String key, String defaultValue, Function<String, T> parse, Function<String, String> shown) {
        String value = config.getOptionalValue(key, String.class).orElse(defaultValue);
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (RuntimeException e) {
            problem(key, shown.apply(value), e.getMessage());
        }
        try {
            // a stand-in, so the caller can go on reading: it discards what it builds (the problem count grew)
            return defaultValue == null ? null : parse.apply(defaultValue);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return the value as set, trimmed, when set and not blank */
    public Optional<String> raw(String key) {
        return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).map(String::trim);
    }

    /** @return every property name the config knows */
    public Iterable<String> propertyNames() {
        return config.getPropertyNames();
    }

    /**
     * @param prefix a sub-tree, e.g. {@code microconversions.sink.ga4.}
     * @param known  the keys its owner reads
     * @return the set property names under {@code prefix} that are not in {@code known}, sorted
     */
    public List<String> unknownUnder(String prefix, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix) && !isOneOf(name, known)) {
                unknown.add(name);
            }
        }
        unknown.sort(null);
        return unknown;
    }

    /**
     * Open Liberty lists the variable {@code MICROCONVERSIONS_BUFFER_OVERFLOW_WAIT} as
     * {@code microconversions.buffer.overflow.wait}, so a key with a hyphen is only recognised in
     * its environment-variable form.
     *
     * @param name  a property name as the config lists it
     * @param known the keys read
     * @return whether {@code name} is one of them, as written or as an environment variable sets it
     */
    public static boolean isOneOf(String name, Set<String> known) {
        if (known.contains(name)) {
            return true;
        }
        String env = envForm(name);
        return known.stream().anyMatch(k -> envForm(k).equals(env));
    }

    /** MicroProfile Config's rule: every character but a letter or digit becomes {@code _}, then upper case. */
    private static String envForm(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return b.toString();
    }

    /**
     * Records a problem: {@code Invalid configuration <key>=<shown>: <reason>}.
     *
     * @param key    the offending key
     * @param shown  the value as it may appear in logs (mask secrets)
     * @param reason why it is wrong
     */
    public void problem(String key, String shown, String reason) {
        problems.add(InvalidConfigException.invalid(key, shown, reason));
    }

    /** Records a problem with its own message (which names the key). */
    public void problem(InvalidConfigException problem) {
        problems.addAll(problem.problems());
    }

    /** @return how many problems were found so far */
    public int problemCount() {
        return problems.size();
    }

    /** @return the problems found so far, in the order found */
    public List<InvalidConfigException> problems() {
        return List.copyOf(problems);
    }

    /** @throws InvalidConfigException naming every problem found, if any */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw InvalidConfigException.all(problems);
        }
    }

    // ------------------------------------------------------------------ the parsers

    /** {@code true} or {@code false}, any case. */
    public static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    /** Any text but blank, trimmed. */
    public static String nonBlank(String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return v.trim();
    }

    /**
     * @return a parser of whole numbers from {@code min} to {@code max}
     */
    public static Function<String, Integer> intIn(int min, int max) {
        String expected = "expected a whole number from " + min + " to " + max;
        return v -> (int) whole(v, n -> n >= min && n <= max, expected);
    }

    /**
     * @param ok       which numbers are allowed
     * @param expected the reason given for any other text
     * @return the whole number
     */
    public static long whole(String v, LongPredicate ok, String expected) {
        return number(v, Long::valueOf, ok::test, expected);
    }

    /**
     * @param ok       which numbers are allowed (NaN never is)
     * @param expected the reason given for any other text
     * @return the decimal number
     */
    public static double decimal(String v, DoublePredicate ok, String expected) {
        return number(v, Double::valueOf, d -> !d.isNaN() && ok.test(d), expected);
    }

    private static <N> N number(String v, Function<String, N> parse, Predicate<N> ok, String expected) {
        N n;
        try {
            n = parse.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        }
        if (!ok.test(n)) {
            throw new IllegalArgumentException(expected);
        }
        return n;
    }

    /**
     * Parses {@code 500ms}, {@code 2s}, {@code 30m}, {@code 12h}, {@code 90d} or ISO-8601 ({@code PT30M}).
     *
     * @param v the text (trimmed here)
     * @return the duration
     * @throws IllegalArgumentException saying which formats are accepted
     */
    public static Duration duration(String v) {
        String t = v.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            int unitAt = 0;
            while (unitAt < t.length() && Character.isDigit(t.charAt(unitAt))) {
                unitAt++;
            }
            long n = Long.parseLong(t.substring(0, unitAt));
            return switch (t.substring(unitAt)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("bad unit");
            };
        } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 2s, 30m, 12h, 90d or PT30M");
        }
    }

    /** A {@link #duration} above zero. */
    public static Duration positiveDuration(String v) {
        Duration d = duration(v);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be positive");
        }
        return d;
    }

    /** @return a parser of {@link #duration}s from {@code min} to {@code max} */
    public static Function<String, Duration> durationIn(Duration min, Duration max) {
        return v -> {
            Duration d = duration(v);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("expected a duration from " + text(min) + " to " + text(max));
            }
            return d;
        };
    }

    /**
     * {@link #duration}, then whole seconds from 1 s to {@code max}, as a JDBC timeout or a
     * report's time window needs: a value it would round silently is refused.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Duration wholeSeconds(String v, Duration max) {
        Duration d = duration(v);
        if (d.getNano() != 0 || d.getSeconds() < 1 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("expected whole seconds from 1s to " + max.toSeconds() + "s");
        }
        return d;
    }

    /** @return {@code 500ms}, {@code 60s}, {@code 5m}: an accepted form that is exact, in minutes from 2m */
    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        return ms >= 120_000 && ms % 60_000 == 0 ? ms / 60_000 + "m" : ms / 1000 + "s";
    }

    /** @return the constant of {@code type} named {@code v}, any case */
    public static <E extends Enum<E>> E oneOf(String v, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /** @return the comma-separated valid conversion names, in order, as written (repeats kept); empty for blank */
    public static List<String> nameList(String v) {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String s = part.trim();
            if (!s.isEmpty()) {
                out.add(conversionName(s));
            }
        }
        return List.copyOf(out);
    }

    /** @return the comma-separated valid conversion names, each once, in order; empty for blank */
    public static List<String> distinctNames(String v) {
        return List.copyOf(new LinkedHashSet<>(nameList(v)));
    }

    /** @return the comma-separated valid conversion names as a set; empty for blank */
    public static Set<String> names(String v) {
        return Set.copyOf(nameList(v));
    }

    /** @return the valid conversion name {@code v}, trimmed */
    public static String conversionName(String v) {
        String s = v.trim();
        if (!MicroConversionEvent.isValidName(s)) {
            throw new IllegalArgumentException("'" + s + "' is not a valid conversion name");
        }
        return s;
    }
}
