package org.microconversions.interceptors.experiment;

import org.eclipse.microprofile.config.Config;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.ConfigReader;
import org.microconversions.interceptors.config.ConfigSection;
import org.microconversions.interceptors.config.InvalidConfigException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code microconversions.experiment.<id>.variants} (required, e.g.
 * {@code control:50,b:50}; a variant without {@code :weight} weighs 1), {@code .alpha} (default
 * 0.05), {@code .min-sample} (per variant, default 1000) and {@code .goals} (optional list of
 * conversion names), {@code .sequential} (default true), {@code .tau} (default
 * {@value ExperimentDefinition#DEFAULT_TAU}), {@code .cuped-pre-period} (none, or a duration such as
 * 14d), {@code .exposure} (a conversion name, optional), {@code .guardrail} (a conversion name,
 * default the insights macro) and {@code .guardrail-margin} (default
 * {@value ExperimentDefinition#DEFAULT_GUARDRAIL_MARGIN}). A bad or unknown key fails startup with
 * a message naming it.
 *
 * @param definitions every configured experiment by id, in id order
 */
public record ExperimentConfig(Map<String, ExperimentDefinition> definitions) {

    /** Prefix of the experiments' sub-tree. */
    public static final String PREFIX = ConfigKeys.PREFIX + "experiment.";
    /** Experiment ids: the same rule as variant keys in the header and cookie. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    /** Variant names: the same rule as variant values in the header and cookie. */
    public static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final Set<String> PROPERTIES = Set.of("variants", "alpha", "min-sample", "goals",
            "sequential", "tau", "cuped-pre-period", "exposure", "guardrail", "guardrail-margin");

    /** @param definitions every configured experiment by id */
    public ExperimentConfig {
        definitions = Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
    }

    /**
     * @param config the application's config
     * @return every configured experiment
     * @throws InvalidConfigException naming every bad key
     */
    public static ExperimentConfig from(Config config) {
        return ConfigReader.strict(config, ExperimentConfig::read);
    }

    /**
     * @param r the deployment's reader, told every bad key
     * @return every configured experiment; null when a value is bad
     */
    public static ExperimentConfig read(ConfigReader r) {
        int before = r.problemCount();
        Set<String> ids = new TreeSet<>();
        for (String key : r.propertyNames()) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || !PROPERTIES.contains(rest.substring(dot + 1))) {
                r.problem(key, "", "unknown experiment setting; expected "
                        + PREFIX + "<id>.variants, .alpha, .min-sample, .goals, .sequential, .tau,"
                        + " .cuped-pre-period, .exposure, .guardrail or .guardrail-margin");
                continue;
            }
            String id = rest.substring(0, dot);
            if (!ID.matcher(id).matches()) {
                r.problem(key, "", "experiment id '" + id + "' must be a lowercase letter then up to 39 of [a-z0-9_]");
                continue;
            }
            ids.add(id);
        }
        Map<String, ExperimentDefinition> out = new LinkedHashMap<>();
        for (String id : ids) {
            ExperimentDefinition e = read(r, id);
            if (e != null) {
                out.put(id, e);
            }
        }
        return r.problemCount() > before ? null : new ExperimentConfig(out);
    }

    private static ExperimentDefinition read(ConfigReader r, String id) {
        int before = r.problemCount();
        String key = PREFIX + id + ".";
        List<ExperimentDefinition.Variant> variants = r.get(key + "variants", "", ExperimentConfig::variants);
        Double alpha = r.get(key + "alpha", "0.05", v -> ConfigReader.decimal(v, a -> a > 0 && a < 0.5,
                "expected a significance level above 0 and below 0.5, such as 0.05"));
        Long minSample = r.get(key + "min-sample", "1000",
                v -> ConfigReader.whole(v, n -> n >= 1 && n <= Integer.MAX_VALUE,
                        "expected a positive whole number of visitors per variant"));
        List<String> goals = r.get(key + "goals", "", ConfigReader::distinctNames);
        Boolean sequential = r.get(key + "sequential", "true", ConfigReader::bool);
        Double tau = r.get(key + "tau", Double.toString(ExperimentDefinition.DEFAULT_TAU), v -> fraction(v,
                "expected the absolute difference of rates the sequential test is tuned for, above 0 and at most 1,"
                        + " such as 0.02 (2 percentage points)"));
        Duration prePeriod = r.get(key + "cuped-pre-period", "none", v -> v.trim().equalsIgnoreCase("none")
                ? null
                : window(v, "expected none or a whole number of seconds from 1s to 366d, such as 14d, 24h or P14D"));
        String exposure = r.get(key + "exposure", "", ExperimentConfig::optionalName);
        String guardrail = r.get(key + "guardrail", "", ExperimentConfig::optionalName);
        Double margin = r.get(key + "guardrail-margin", Double.toString(ExperimentDefinition.DEFAULT_GUARDRAIL_MARGIN),
                v -> fraction(v, "expected an absolute difference of rates above 0 and at most 1,"
                        + " such as 0.01 (1 percentage point)"));
        return r.problemCount() > before
                ? null
                : new ExperimentDefinition(id, variants, alpha, minSample.intValue(), goals,
                        sequential, tau, prePeriod, exposure, guardrail, margin);
    }

    private static List<ExperimentDefinition.Variant> variants(String text) {
        List<ExperimentDefinition.Variant> variants = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String expected = "expected distinct variants of [A-Za-z0-9_.-] with positive whole weights, such as"
                + " control:50,b:50";
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            String name = colon < 0 ? p : p.substring(0, colon).trim();
            long weight = colon < 0
                    ? 1
                    : ConfigReader.whole(p.substring(colon + 1), w -> w >= 1 && w <= 1_000_000,
                            expected);
            if (!VARIANT.matcher(name).matches() || !seen.add(name)) {
                throw new IllegalArgumentException(expected);
            }
            variants.add(new ExperimentDefinition.Variant(name, (int) weight));
        }
        if (variants.size() < 2) {
            throw new IllegalArgumentException("an experiment needs at least two variants, such as control:50,b:50"
                    + " (the first is the control)");
        }
        return variants;
    }

    private static double fraction(String v, String expected) {
        return ConfigReader.decimal(v, d -> d > 0 && d <= 1, expected);
    }

    private static String optionalName(String v) {
        return v.isBlank() ? null : ConfigReader.conversionName(v);
    }

    /**
     * A time window of experiments and funnels: {@code 30s}, {@code 30m}, {@code 24h}, {@code 14d} or
     * ISO-8601, whole seconds from 1s to 366d.
     *
     * @param v        the text
     * @param expected the reason given for anything else
     * @return the window
     */
    public static Duration window(String v, String expected) {
        try {
            return ConfigReader.wholeSeconds(v, Duration.ofDays(366));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(expected);
        }
    }

    /** Reads every configured experiment. */
    public static final class Section extends ConfigSection.Of<ExperimentConfig> {
        /** For ServiceLoader. */
        public Section() {
            super(ExperimentConfig.class, ExperimentConfig::read);
        }
    }
}
