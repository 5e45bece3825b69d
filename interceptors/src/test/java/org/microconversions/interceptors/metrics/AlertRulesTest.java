package org.microconversions.interceptors.metrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Prometheus alerting rules (docs/prometheus) are valid, fire as their unit tests
 * say, and name only metrics the suite exports.
 */
class AlertRulesTest {

    private static final Path RULES = Path.of("..", "docs", "prometheus").toAbsolutePath().normalize();

    private static String promtool(String... args) throws IOException, InterruptedException {
        return Promtool.run(RULES, args);
    }

    @Test
    void rulesAreValidAndFireAsTheirUnitTestsExpect() throws Exception {
        assertThat(promtool("check", "rules", "microconversions-alerts.yml")).contains("SUCCESS: 7 rules found");
        assertThat(promtool("test", "rules", "microconversions-alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void rulesNameOnlyMetricsTheSuiteExports() throws IOException {
        Set<String> exported = ExportedMetrics.names();
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("microconversions_[a-z_]+").matcher(
                Files.readString(RULES.resolve("microconversions-alerts.yml")));
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).hasSizeGreaterThanOrEqualTo(5);
        assertThat(exported).containsAll(used);
    }
}
