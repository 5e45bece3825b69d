package org.microconversions.storefront;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Prometheus recording rules (docs/prometheus/microconversions-recording.yml) are
 * valid, compute what their unit tests say, and read only the conversions counter.
 */
class RecordingRulesTest {

    private static final Path RULES = Path.of("..", "docs", "prometheus").toAbsolutePath().normalize();

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p;
        try {
            p = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: apt-get install prometheus", e);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void recordingRulesAreValidAndComputeWhatTheirUnitTestsExpect() throws Exception {
        assertThat(promtool("check", "rules", "microconversions-recording.yml")).contains("SUCCESS: 8 rules found");
        assertThat(promtool("test", "rules", "microconversions-recording-test.yml")).contains("SUCCESS");
    }

    @Test
    void recordingRulesReadOnlyTheConversionsCounterAndFollowTheNamingConvention() throws IOException {
        String rules = Files.readString(RULES.resolve("microconversions-recording.yml"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![:\\w])microconversions_[a-z_]+").matcher(rules);
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).containsExactly("microconversions_conversions_total");
        Matcher record = Pattern.compile("record: (\\S+)").matcher(rules);
        int n = 0;
        while (record.find()) {
            n++;
            // level:metric:operations, as Prometheus' recording rule naming guide asks
            assertThat(record.group(1)).matches("microconversions:[a-z_]+:rate(5m|1h)");
        }
        assertThat(n).isEqualTo(8);
    }
}
