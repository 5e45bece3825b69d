package org.microconversions.interceptors.insights;

import org.eclipse.microprofile.config.Config;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.config.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Funnels ({@code microconversions.funnel.<id>.steps}, {@code .window}, {@code .mode}) and the
 * insights settings ({@code microconversions.insights.enabled}: whether the insights API answers
 * at all, {@code false}; {@code microconversions.insights.macro}: the default macro conversion of
 * the lift report, {@code purchase}; {@code microconversions.insights.timeout}: the longest a
 * report's statement may run, {@code 10s}). Validated at startup; a bad or unknown key fails with a
 * message naming it.
 *
 * @param funnels funnels by id, in id order
 * @param macro   default macro conversion name
 * @param enabled whether the insights API is open (to the role {@value InsightsResource#ROLE})
 * @param timeout longest a report's statement runs before the database cancels it (whole seconds,
 *                1 s to 1 h); the report then answers 503
 */
public record InsightsConfig(Map<String, FunnelDefinition> funnels, String macro, boolean enabled, Duration timeout) {

    public static final String FUNNEL_PREFIX = ConfigKeys.PREFIX + "funnel.";
    public static final String INSIGHTS_PREFIX = ConfigKeys.PREFIX + "insights.";
    public static final String MACRO = ConfigKeys.INSIGHTS_MACRO;
    public static final String ENABLED = ConfigKeys.INSIGHTS_ENABLED;
    public static final String TIMEOUT = ConfigKeys.INSIGHTS_TIMEOUT;
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Set<String> PROPERTIES = Set.of("steps", "window", "mode");

    /**
     * @param config the application's config
     * @return the validated settings
     * @throws InvalidConfigException naming the first bad key
     */
    public static InsightsConfig from(Config config) {
        Set<String> ids = new TreeSet<>();
        for (String key : config.getPropertyNames()) {
            if (key.startsWith(INSIGHTS_PREFIX) && !key.equals(MACRO) && !key.equals(ENABLED) && !key.equals(TIMEOUT)) {
                throw InvalidConfigException.invalid(key, "", "unknown insights setting; expected "
                        + ENABLED + ", " + MACRO + " or " + TIMEOUT);
            }
            if (!key.startsWith(FUNNEL_PREFIX)) {
                continue;
            }
            String rest = key.substring(FUNNEL_PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || !PROPERTIES.contains(rest.substring(dot + 1))) {
                throw InvalidConfigException.invalid(key, "", "unknown funnel setting; expected "
                        + FUNNEL_PREFIX + "<id>.steps, .window or .mode");
            }
            String id = rest.substring(0, dot);
            if (!ID.matcher(id).matches()) {
                throw InvalidConfigException.invalid(key, "", "funnel id '" + id
                        + "' must be a lowercase letter then up to 39 of [a-z0-9_-]");
            }
            ids.add(id);
        }
        Map<String, FunnelDefinition> funnels = new LinkedHashMap<>();
        for (String id : ids) {
            funnels.put(id, funnel(config, id));
        }
        String macroText = config.getOptionalValue(MACRO, String.class).orElse("purchase").trim();
        if (!MicroConversionEvent.isValidName(macroText)) {
            throw InvalidConfigException.invalid(MACRO, macroText, "not a valid conversion name");
        }
        String enabledText = config.getOptionalValue(ENABLED, String.class).orElse("false").trim();
        boolean enabled = switch (enabledText.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw InvalidConfigException.invalid(ENABLED, enabledText, "expected true or false");
        };
        String timeoutText = config.getOptionalValue(TIMEOUT, String.class).orElse("10s").trim();
        Duration timeout;
        try {
            timeout = Settings.parseWholeSeconds(timeoutText, Duration.ofHours(1));
        } catch (IllegalArgumentException e) {
            throw InvalidConfigException.invalid(TIMEOUT, timeoutText, "expected a whole number of seconds from 1s"
                    + " to 3600s, such as 10s or 1m");
        }
        return new InsightsConfig(Collections.unmodifiableMap(funnels), macroText, enabled, timeout);
    }

    private static FunnelDefinition funnel(Config config, String id) {
        String sk = FUNNEL_PREFIX + id + ".steps";
        String stepsText = config.getOptionalValue(sk, String.class).orElse("");
        List<String> steps = new ArrayList<>();
        for (String s : stepsText.split(",")) {
            String name = s.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!MicroConversionEvent.isValidName(name) || steps.contains(name)) {
                throw InvalidConfigException.invalid(sk, stepsText, "'" + name
                        + "' is not a valid conversion name or appears twice");
            }
            steps.add(name);
        }
        if (steps.size() < 2 || steps.size() > 10) {
            throw InvalidConfigException.invalid(sk, stepsText, "a funnel needs 2 to 10 steps, such as"
                    + " view-product,add-to-cart,proceed-to-checkout,purchase");
        }
        String wk = FUNNEL_PREFIX + id + ".window";
        String windowText = config.getOptionalValue(wk, String.class).orElse("none").trim();
        Duration window = null;
        if (!windowText.equalsIgnoreCase("none")) {
            try {
                window = duration(windowText);
            } catch (IllegalArgumentException e) {
                throw InvalidConfigException.invalid(wk, windowText, e.getMessage());
            }
        }
        String mk = FUNNEL_PREFIX + id + ".mode";
        String modeText = config.getOptionalValue(mk, String.class).orElse("closed").trim();
        FunnelDefinition.Mode mode = switch (modeText.toLowerCase(Locale.ROOT)) {
            case "closed" -> FunnelDefinition.Mode.CLOSED;
            case "open" -> FunnelDefinition.Mode.OPEN;
            default -> throw InvalidConfigException.invalid(mk, modeText, "expected closed or open");
        };
        return new FunnelDefinition(id, steps, window, mode);
    }

    /** Parses {@code 30s}, {@code 30m}, {@code 24h}, {@code 7d} or ISO-8601; whole seconds, 1s to 366d. */
    static Duration duration(String v) {
        try {
            return Settings.parseWholeSeconds(v, Duration.ofDays(366));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected none or a whole number of seconds from 1s to 366d,"
                    + " such as 30m, 24h, 7d or PT24H");
        }
    }
}
