package it.storefront;

import io.restassured.RestAssured;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A scrape of {@code /metrics?scope=application} in the Prometheus text format. */
final class Metrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static final String CONVERSIONS = "microconversions_conversions_total";
    static final String FAILURES = "microconversions_failures_total";

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private Metrics(List<Sample> samples) {
        this.samples = samples;
    }

    static Metrics scrape() {
        String text = RestAssured.given().baseUri(ShopClient.baseUri())
                .get("/metrics?scope=application")
                .then().statusCode(200).extract().asString();
        return parse(text);
    }

    static Metrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new Metrics(samples);
    }

    /** The sample of {@code name} whose labels include all of {@code labels}, if exactly one exists. */
    Optional<Sample> find(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        assertThat(found).as("samples of %s%s", name, labels).hasSizeLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    /** The value of a sample that must exist. */
    double require(String name, Map<String, String> labels) {
        Optional<Sample> sample = find(name, labels);
        assertThat(sample).as("metric line %s%s at /metrics?scope=application", name, labels).isPresent();
        return sample.get().value();
    }

    /** The value of a sample, 0 when the line does not exist (yet). */
    double valueOrZero(String name, Map<String, String> labels) {
        return find(name, labels).map(Sample::value).orElse(0.0);
    }

    /** Conversions counted for a name, 0 if never counted. */
    double conversions(String conversion) {
        return valueOrZero(CONVERSIONS, Map.of("name", conversion));
    }

    /** All conversion counters, name to value. */
    Map<String, Double> allConversions() {
        Map<String, Double> all = new LinkedHashMap<>();
        samples.stream().filter(s -> s.name().equals(CONVERSIONS))
                .forEach(s -> all.put(s.labels().get("name") + "/" + s.labels().get("kind"), s.value()));
        return all;
    }

    /** Sum of the failure counters of a conversion name (all exception labels). */
    double failures(String conversion) {
        return samples.stream().filter(s -> s.name().equals(FAILURES))
                .filter(s -> conversion.equals(s.labels().get("name")))
                .mapToDouble(Sample::value).sum();
    }
}
