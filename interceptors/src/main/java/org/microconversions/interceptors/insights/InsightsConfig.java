package org.microconversions.interceptors.insights;

import org.eclipse.microprofile.config.Config;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.ConfigReader;
import org.microconversions.interceptors.config.ConfigSection;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.experiment.ExperimentConfig;

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
     * @throws InvalidConfigException naming every bad key
     */
    public static InsightsConfig from(Config config) {
        return ConfigReader.strict(config, InsightsConfig::read);
    }

    /**
     * @param r the deployment's reader, told every bad key
     * @return the settings; null when a value is bad
     */
    public static InsightsConfig read(ConfigReader r) {
        int before = r.problemCount();
        Set<String> ids = new TreeSet<>();
        for (String key : r.propertyNames()) {
            if (key.startsWith(INSIGHTS_PREFIX) && !key.equals(MACRO) && !key.equals(ENABLED) && !key.equals(TIMEOUT)) {
                r.problem(key, "", "unknown insights setting; expected " + ENABLED + ", " + MACRO + " or " + TIMEOUT);
            }
            if (!key.startsWith(FUNNEL_PREFIX)) {
                continue;
            }
            String rest = key.substring(FUNNEL_PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || !PROPERTIES.contains(rest.substring(dot + 1))) {
                r.problem(key, "",
                        "unknown funnel setting; expected " + FUNNEL_PREFIX + "<id>.steps, .window or .mode");
                continue;
            }
            String id = rest.substring(0, dot);
            if (!ID.matcher(id).matches()) {
                r.problem(key, "", "funnel id '" + id + "' must be a lowercase letter then up to 39 of [a-z0-9_-]");
                continue;
            }
            ids.add(id);
        }
        Map<String, FunnelDefinition> funnels = new LinkedHashMap<>();
        for (String id : ids) {
            FunnelDefinition f = funnel(r, id);
            if (f != null) {
                funnels.put(id, f);
            }
        }
        String macro = r.get(MACRO, "purchase", v -> {
            if (!MicroConversionEvent.isValidName(v.trim())) {
                throw new IllegalArgumentException("not a valid conversion name");
            }
            return v.trim();
        });
        Boolean enabled = r.get(ENABLED, "false", ConfigReader::bool);
        Duration timeout = r.get(TIMEOUT, "10s", v -> {
            try {
                return ConfigReader.wholeSeconds(v, Duration.ofHours(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected a whole number of seconds from 1s to 3600s,"
                        + " such as 10s or 1m");
            }
        });
        return r.problemCount() > before
                ? null
                : new InsightsConfig(Collections.unmodifiableMap(funnels), macro, enabled, timeout);
    }

    private static FunnelDefinition funnel(ConfigReader r, String id) {
        int before = r.problemCount();
        String key = FUNNEL_PREFIX + id + ".";
        List<String> steps = r.get(key + "steps", "", InsightsConfig::steps);
        Duration window = r.get(key + "window", "none", v -> v.trim().equalsIgnoreCase("none")
                ? null
                : ExperimentConfig.window(v, "expected none or a whole number of seconds from 1s to 366d,"
                        + " such as 30m, 24h, 7d or PT24H"));
        FunnelDefinition.Mode mode = r.get(key + "mode", "closed", v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "closed" -> FunnelDefinition.Mode.CLOSED;
            case "open" -> FunnelDefinition.Mode.OPEN;
            default -> throw new IllegalArgumentException("expected closed or open");
        });
        return r.problemCount() > before ? null : new FunnelDefinition(id, steps, window, mode);
    }

    private static List<String> steps(String text) {
        List<String> steps = new ArrayList<>();
        for (String s : text.split(",")) {
            String name = s.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!MicroConversionEvent.isValidName(name) || steps.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a valid conversion name or appears twice");
            }
            steps.add(name);
        }
        if (steps.size() < 2 || steps.size() > 10) {
            throw new IllegalArgumentException("a funnel needs 2 to 10 steps, such as"
                    + " view-product,add-to-cart,proceed-to-checkout,purchase");
        }
        return steps;
    }

    /** Reads funnels and the insights settings. */
    public static final class Section extends ConfigSection.Of<InsightsConfig> {
        /** For ServiceLoader. */
        public Section() {
            super(InsightsConfig.class, InsightsConfig::read);
        }
    }
}
