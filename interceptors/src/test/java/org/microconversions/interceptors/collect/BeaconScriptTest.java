package org.microconversions.interceptors.collect;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The beacon script is served only by {@link CollectResource#script(jakarta.servlet.http.HttpServletRequest)},
 * which answers 404 while the collect endpoint is off: it must not sit under
 * {@code META-INF/resources}, where the servlet container would serve it to anyone, switch or not.
 * What is served is the build's minified script, not the readable source, within its gzip budget.
 */
class BeaconScriptTest {

    private static final Path SOURCE = Path.of("src/main/js/beacon.js");
    private static final Path EXTRAS_SOURCE = Path.of("src/main/js/beacon-extras.js");

    @Test
    void theScriptLivesBesideTheResourceNotUnderMetaInfResources() {
        assertThat(CollectResource.class.getResource(CollectResource.SCRIPT)).isNotNull();
        assertThat(CollectResource.class.getResource(CollectResource.EXTRAS)).isNotNull();
        ClassLoader loader = CollectResource.class.getClassLoader();
        assertThat(loader.getResource("META-INF/resources/microconversions/beacon.js")).isNull();
        assertThat(loader.getResource("META-INF/resources/microconversions/beacon-extras.js")).isNull();
    }

    @Test
    void theServedScriptIsTheMinifiedBuildWithinItsGzipBudget() throws IOException {
        BeaconScript served = BeaconScript.load(CollectResource.SCRIPT);
        String js = new String(served.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(js).as("minified: no comments, no indentation").doesNotContain("// ").doesNotContain("\n  ");
        assertThat(js).contains("microConversions", "track", "consented", "consent", "flush", "mc_consent",
                "attributes", "events");
        assertThat(served.bytes().length).isLessThan((int) Files.size(SOURCE) / 2);
        long budget = Long.getLong("beacon.gzip.budget", 2000);
        assertThat((long) served.gzipped().length).as("gzip -9 bytes").isLessThanOrEqualTo(budget);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(served.gzipped()))) {
            assertThat(in.readAllBytes()).as("the gzipped copy is the same script").isEqualTo(served.bytes());
        }
        assertThat(served.version()).matches("[0-9a-f]{16}");
        assertThat(BeaconScript.get(CollectResource.SCRIPT).version()).isEqualTo(served.version());
    }

    @Test
    void theOptionalRulesAreMinifiedWithinTheirOwnBudget() throws IOException {
        BeaconScript extras = BeaconScript.load(CollectResource.EXTRAS);
        String js = new String(extras.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(js).doesNotContain("// ").contains("click-to-call", "video-play", "pages-per-visit", "mc_visit");
        assertThat(extras.bytes().length).isLessThan((int) Files.size(EXTRAS_SOURCE) * 6 / 10);
        long budget = Long.getLong("beacon.extras.gzip.budget", 1300);
        assertThat((long) extras.gzipped().length).as("gzip -9 bytes").isLessThanOrEqualTo(budget);
        assertThat(BeaconScript.get(CollectResource.EXTRAS).version()).isEqualTo(extras.version());
    }

    /** A browser caches the pair together: the core names the exact build of the extras it loads. */
    @Test
    void theCoreLoadsTheExtrasOfItsOwnBuildByVersion() {
        String core = new String(BeaconScript.load(CollectResource.SCRIPT).bytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String version = BeaconScript.load(CollectResource.EXTRAS).version();
        assertThat(core).contains("beacon-extras.js?v=" + version).doesNotContain("?v=dev");
        // and the link, video and visit rules are not in the core
        assertThat(core).doesNotContain("tel:", "\"VIDEO\"", "days_since", "pdf,zip");
    }

    @Test
    void gzipOnlyWhenTheClientAcceptsIt() {
        assertThat(BeaconScript.acceptsGzip("gzip, deflate, br, zstd")).isTrue();
        assertThat(BeaconScript.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(BeaconScript.acceptsGzip("*")).isTrue();
        assertThat(BeaconScript.acceptsGzip(null)).isFalse();
        assertThat(BeaconScript.acceptsGzip("identity")).isFalse();
        assertThat(BeaconScript.acceptsGzip("br")).isFalse();
        assertThat(BeaconScript.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(BeaconScript.acceptsGzip("gzip; q=0.000")).isFalse();
        assertThat(BeaconScript.acceptsGzip("*, gzip;q=0")).isFalse();
        assertThat(BeaconScript.acceptsGzip("gzip;q=abc")).isFalse();
        assertThat(BeaconScript.acceptsGzip(";;;,")).isFalse();
    }

    @Test
    void aMatchingEtagOfEitherEncodingIsNotModified() {
        assertThat(BeaconScript.matches("\"0123456789abcdef\"", "0123456789abcdef")).isTrue();
        assertThat(BeaconScript.matches("\"x\", W/\"0123456789abcdef-gz\"", "0123456789abcdef")).isTrue();
        assertThat(BeaconScript.matches("*", "0123456789abcdef")).isTrue();
        assertThat(BeaconScript.matches("\"fedcba9876543210\"", "0123456789abcdef")).as("an older script").isFalse();
        assertThat(BeaconScript.matches("0123456789abcdef", "0123456789abcdef")).as("unquoted").isFalse();
        assertThat(BeaconScript.matches(null, "0123456789abcdef")).isFalse();
    }
}
