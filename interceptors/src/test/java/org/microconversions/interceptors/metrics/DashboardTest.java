package org.microconversions.interceptors.metrics;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Grafana dashboard (docs/grafana/microconversions-dashboard.json): every PromQL
 * expression parses (promtool, on a rules file made of them), names only metrics the suite
 * exports, and together they show every metric the suite exports.
 */
class DashboardTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "microconversions-dashboard.json")
            .toAbsolutePath().normalize();
    private static final Pattern METRIC = Pattern.compile("microconversions_[a-z_]+");
    /** Grafana's variables, replaced by what Grafana would put there, so promtool sees plain PromQL. */
    private static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "5m", "$__range", "1d",
            "$instance", ".*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+), *(\\w+)\\)");

    private static JsonObject dashboard() throws IOException {
        try (JsonReader r = Json.createReader(new StringReader(Files.readString(DASHBOARD)))) {
            return r.readObject();
        }
    }

    /** @return panels, with those nested in collapsed rows */
    private static List<JsonObject> panels(JsonObject dashboard) {
        List<JsonObject> all = new ArrayList<>();
        for (JsonValue v : dashboard.getJsonArray("panels")) {
            JsonObject p = v.asJsonObject();
            all.add(p);
            if (p.containsKey("panels")) {
                p.getJsonArray("panels").forEach(n -> all.add(n.asJsonObject()));
            }
        }
        return all;
    }

    /** @return every target expression, with Grafana's variables substituted */
    private static List<String> expressions(JsonObject dashboard) {
        List<String> exprs = new ArrayList<>();
        for (JsonObject p : panels(dashboard)) {
            if ("row".equals(p.getString("type"))) {
                continue;
            }
            assertThat(p.containsKey("targets")).as("panel '%s' has queries", p.getString("title")).isTrue();
            assertThat(p.getJsonArray("targets")).as("panel '%s' queries", p.getString("title")).isNotEmpty();
            for (JsonValue t : p.getJsonArray("targets")) {
                String expr = t.asJsonObject().getString("expr", "");
                assertThat(expr).as("panel '%s'", p.getString("title")).isNotBlank();
                for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
                    expr = expr.replace(v.getKey(), v.getValue());
                }
                assertThat(expr).as("a variable the test does not know in panel '%s'", p.getString("title"))
                        .doesNotContain("$");
                exprs.add(expr);
            }
        }
        return exprs;
    }

    @Test
    void everyExpressionIsValidPromql() throws Exception {
        List<String> exprs = expressions(dashboard());
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(20);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            rules.append("      - record: dashboard:expr_").append(i).append("\n        expr: |\n");
            exprs.get(i).lines().forEach(l -> rules.append("          ").append(l).append('\n'));
        }
        Path dir = Files.createTempDirectory("mc-dashboard");
        Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
        assertThat(Promtool.run(dir, "check", "rules", "dashboard-rules.yml"))
                .contains("SUCCESS: " + exprs.size() + " rules found");
    }

    @Test
    void promtoolWouldCatchABrokenExpression() throws Exception {
        Path dir = Files.createTempDirectory("mc-dashboard");
        Files.writeString(dir.resolve("broken.yml"), "groups:\n  - name: broken\n    rules:\n"
                + "      - record: dashboard:broken\n        expr: sum by (name (rate(x[5m]))\n");
        Process p = new ProcessBuilder("promtool", "check", "rules", "broken.yml").directory(dir.toFile())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
    }

    @Test
    void theDashboardNamesOnlyExportedMetricsAndShowsThemAll() throws IOException {
        JsonObject dashboard = dashboard();
        Set<String> used = new TreeSet<>();
        for (String expr : expressions(dashboard)) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                used.add(m.group());
            }
        }
        for (JsonValue v : dashboard.getJsonObject("templating").getJsonArray("list")) {
            String query = v.asJsonObject().getJsonObject("query").getString("query");
            Matcher m = LABEL_VALUES.matcher(query);
            assertThat(m.matches()).as(query).isTrue();
            used.add(m.group(1));
        }
        Set<String> exported = ExportedMetrics.names();
        assertThat(exported).containsAll(used);
        // every family is on the dashboard (the timer through its _sum, _count, _max and quantiles)
        assertThat(used).containsAll(exported);
    }

    @Test
    void everyQueryUsesTheImportedDataSource() throws IOException {
        for (JsonObject p : panels(dashboard())) {
            if (!"row".equals(p.getString("type"))) {
                assertThat(p.getJsonObject("datasource").getString("uid")).as(p.getString("title"))
                        .isEqualTo("${DS_PROMETHEUS}");
            }
        }
    }
}
