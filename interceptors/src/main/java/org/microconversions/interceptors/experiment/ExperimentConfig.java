package org.microconversions.interceptors.experiment;

import org.eclipse.microprofile.config.Config;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.config.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 */
public final class ExperimentConfig {

    /** Prefix of the experiments' sub-tree. */
    public static final String PREFIX = ConfigKeys.PREFIX + "experiment.";
    /** Experiment ids: the same rule as variant keys in the header and cookie. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    /** Variant names: the same rule as variant values in the header and cookie. */
    public static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final Set<String> PROPERTIES = Set.of("variants", "alpha", "min-sample", "goals",
            "sequential", "tau", "cuped-pre-period", "exposure", "guardrail", "guardrail-margin");

    private ExperimentConfig() {
    }

    /**
     * @param config the application's config
     * @return every configured experiment by id, in id order
     * @throws InvalidConfigException naming the first bad key
     */
    public static Map<String, ExperimentDefinition> from(Config config) {
        Set<String> ids = new TreeSet<>();
        for (String key : config.getPropertyNames()) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || !PROPERTIES.contains(rest.substring(dot + 1))) {
                throw InvalidConfigException.invalid(key, "", "unknown experiment setting; expected "
                        + PREFIX + "<id>.variants, .alpha, .min-sample, .goals, .sequential, .tau,"
                        + " .cuped-pre-period, .exposure, .guardrail or .guardrail-margin");
            }
            String id = rest.substring(0, dot);
            if (!ID.matcher(id).matches()) {
                throw InvalidConfigException.invalid(key, "", "experiment id '" + id
                        + "' must be a lowercase letter then up to 39 of [a-z0-9_]");
            }
            ids.add(id);
        }
        Map<String, ExperimentDefinition> out = new LinkedHashMap<>();
        for (String id : ids) {
            out.put(id, read(config, id));
        }
        return Collections.unmodifiableMap(out);
    }

    private static ExperimentDefinition read(Config config, String id) {
        String vk = PREFIX + id + ".variants";
        String variantsText = config.getOptionalValue(vk, String.class).orElse("");
        List<ExperimentDefinition.Variant> variants = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : variantsText.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            String name = colon < 0 ? p : p.substring(0, colon).trim();
            int weight = 1;
            if (colon >= 0) {
                try {
                    weight = Integer.parseInt(p.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    weight = -1;
                }
            }
            if (!VARIANT.matcher(name).matches() || weight < 1 || weight > 1_000_000 || !seen.add(name)) {
                throw InvalidConfigException.invalid(vk, variantsText, "expected distinct variants of [A-Za-z0-9_.-]"
                        + " with positive whole weights, such as control:50,b:50");
            }
            variants.add(new ExperimentDefinition.Variant(name, weight));
        }
        if (variants.size() < 2) {
            throw InvalidConfigException.invalid(vk, variantsText, "an experiment needs at least two variants,"
                    + " such as control:50,b:50 (the first is the control)");
        }
        String ak = PREFIX + id + ".alpha";
        String alphaText = config.getOptionalValue(ak, String.class).orElse("0.05");
        double alpha;
        try {
            alpha = Double.parseDouble(alphaText.trim());
        } catch (NumberFormatException e) {
            alpha = Double.NaN;
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw InvalidConfigException.invalid(ak, alphaText, "expected a significance level above 0 and below 0.5,"
                    + " such as 0.05");
        }
        String mk = PREFIX + id + ".min-sample";
        String minText = config.getOptionalValue(mk, String.class).orElse("1000");
        int minSample;
        try {
            minSample = Integer.parseInt(minText.trim());
        } catch (NumberFormatException e) {
            minSample = 0;
        }
        if (minSample < 1) {
            throw InvalidConfigException.invalid(mk, minText,
                    "expected a positive whole number of visitors per variant");
        }
        String gk = PREFIX + id + ".goals";
        String goalsText = config.getOptionalValue(gk, String.class).orElse("");
        List<String> goals = new ArrayList<>();
        for (String g : goalsText.split(",")) {
            String name = g.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!MicroConversionEvent.isValidName(name)) {
                throw InvalidConfigException.invalid(gk, goalsText, "'" + name + "' is not a valid conversion name");
            }
            if (!goals.contains(name)) {
                goals.add(name);
            }
        }
        String sk = PREFIX + id + ".sequential";
        String seqText = config.getOptionalValue(sk, String.class).orElse("true").trim();
        boolean sequential = switch (seqText.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw InvalidConfigException.invalid(sk, seqText, "expected true or false");
        };
        double tau = fraction(config, PREFIX + id + ".tau", ExperimentDefinition.DEFAULT_TAU,
                "expected the absolute difference of rates the sequential test is tuned for, above 0 and at most 1,"
                        + " such as 0.02 (2 percentage points)");
        String ck = PREFIX + id + ".cuped-pre-period";
        String cupedText = config.getOptionalValue(ck, String.class).orElse("none").trim();
        Duration prePeriod = null;
        if (!cupedText.equalsIgnoreCase("none")) {
            prePeriod = duration(cupedText);
            if (prePeriod == null) {
                throw InvalidConfigException.invalid(ck, cupedText, "expected none or a whole number of seconds"
                        + " from 1s to 366d, such as 14d, 24h or P14D");
            }
        }
        String exposure = conversionName(config, PREFIX + id + ".exposure");
        String guardrail = conversionName(config, PREFIX + id + ".guardrail");
        double margin = fraction(config, PREFIX + id + ".guardrail-margin",
                ExperimentDefinition.DEFAULT_GUARDRAIL_MARGIN, "expected an absolute difference of rates above 0"
                        + " and at most 1, such as 0.01 (1 percentage point)");
        return new ExperimentDefinition(id, variants, alpha, minSample, goals, sequential, tau, prePeriod, exposure,
                guardrail, margin);
    }

    private static double fraction(Config config, String key, double fallback, String expected) {
        String text = config.getOptionalValue(key, String.class).orElse(Double.toString(fallback));
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v > 0 && v <= 1)) {
            throw InvalidConfigException.invalid(key, text, expected);
        }
        return v;
    }

    private static String conversionName(Config config, String key) {
        String text = config.getOptionalValue(key, String.class).orElse("").trim();
        if (text.isEmpty()) {
            return null;
        }
        if (!MicroConversionEvent.isValidName(text)) {
            throw InvalidConfigException.invalid(key, text, "'" + text + "' is not a valid conversion name");
        }
        return text;
    }

    /** {@code 30s}, {@code 30m}, {@code 24h}, {@code 14d} or ISO-8601, whole seconds from 1s to 366d; else null. */
    private static Duration duration(String v) {
        try {
            return Settings.parseWholeSeconds(v, Duration.ofDays(366));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
