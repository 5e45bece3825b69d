package org.microconversions.interceptors.experiment;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.InvalidConfigException;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExperimentsTest {

    private static Config config(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(m, "test", 500)).build();
    }

    private static ExperimentDefinition layout(int control, int b) {
        return new ExperimentDefinition("layout", List.of(new ExperimentDefinition.Variant("control", control),
                new ExperimentDefinition.Variant("b", b)), 0.05, 1000, List.of());
    }

    @Test
    void readsDefinitionsWithDefaults() {
        Map<String, ExperimentDefinition> e = ExperimentConfig.from(config(
                "microconversions.experiment.layout.variants", "control:90, b:10",
                "microconversions.experiment.layout.goals", "add-to-cart,purchase",
                "microconversions.experiment.price_test.variants", "a,b,c",
                "microconversions.experiment.price_test.alpha", "0.01",
                "microconversions.experiment.price_test.min-sample", "250")).definitions();
        assertThat(e.keySet()).containsExactly("layout", "price_test");
        assertThat(e.get("layout")).isEqualTo(new ExperimentDefinition("layout",
                List.of(new ExperimentDefinition.Variant("control", 90), new ExperimentDefinition.Variant("b", 10)),
                0.05, 1000, List.of("add-to-cart", "purchase")));
        assertThat(e.get("price_test").alpha()).isEqualTo(0.01);
        assertThat(e.get("price_test").minSample()).isEqualTo(250);
        assertThat(e.get("price_test").totalWeight()).isEqualTo(3);
        assertThat(e.get("price_test").control()).isEqualTo("a");
    }

    @Test
    void readsTheSequentialCupedExposureAndGuardrailSettings() {
        Map<String, ExperimentDefinition> e = ExperimentConfig.from(config(
                "microconversions.experiment.layout.variants", "control,b",
                "microconversions.experiment.layout.sequential", "false",
                "microconversions.experiment.layout.tau", "0.005",
                "microconversions.experiment.layout.cuped-pre-period", "14d",
                "microconversions.experiment.layout.exposure", "product-layout-view",
                "microconversions.experiment.layout.guardrail", "purchase",
                "microconversions.experiment.layout.guardrail-margin", "0.002",
                "microconversions.experiment.plain.variants", "a,b")).definitions();
        ExperimentDefinition layout = e.get("layout");
        assertThat(layout.sequential()).isFalse();
        assertThat(layout.tau()).isEqualTo(0.005);
        assertThat(layout.cupedPrePeriod()).isEqualTo(Duration.ofDays(14));
        assertThat(layout.exposure()).isEqualTo("product-layout-view");
        assertThat(layout.guardrail()).isEqualTo("purchase");
        assertThat(layout.guardrailMargin()).isEqualTo(0.002);
        ExperimentDefinition plain = e.get("plain");
        assertThat(plain.sequential()).isTrue();
        assertThat(plain.tau()).isEqualTo(ExperimentDefinition.DEFAULT_TAU);
        assertThat(plain.cupedPrePeriod()).isNull();
        assertThat(plain.exposure()).isNull();
        assertThat(plain.guardrail()).isNull();
        assertThat(plain.guardrailMargin()).isEqualTo(ExperimentDefinition.DEFAULT_GUARDRAIL_MARGIN);
    }

    @Test
    void badValuesFailNamingTheKey() {
        record Case(String key, String value) {
        }
        for (Case c : List.of(new Case("microconversions.experiment.layout.variants", "control:50"),
                new Case("microconversions.experiment.layout.variants", "control:50,b:0"),
                new Case("microconversions.experiment.layout.variants", "control:50,control:50"),
                new Case("microconversions.experiment.layout.variants", "control:x,b:1"),
                new Case("microconversions.experiment.layout.alpha", "0.7"),
                new Case("microconversions.experiment.layout.alpha", "five"),
                new Case("microconversions.experiment.layout.min-sample", "0"),
                new Case("microconversions.experiment.layout.goals", "Add To Cart"),
                new Case("microconversions.experiment.layout.colour", "red"),
                new Case("microconversions.experiment.layout.sequential", "yes"),
                new Case("microconversions.experiment.layout.tau", "0"),
                new Case("microconversions.experiment.layout.tau", "wide"),
                new Case("microconversions.experiment.layout.cuped-pre-period", "14 days"),
                new Case("microconversions.experiment.layout.cuped-pre-period", "400d"),
                new Case("microconversions.experiment.layout.exposure", "Saw It"),
                new Case("microconversions.experiment.layout.guardrail", "not a name"),
                new Case("microconversions.experiment.layout.guardrail-margin", "-0.01"),
                new Case("microconversions.experiment.Layout.variants", "a,b"))) {
            Map<String, String> m = new HashMap<>(Map.of("microconversions.experiment.layout.variants", "a,b"));
            m.put(c.key(), c.value());
            String[] kv = m.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                    .toArray(String[]::new);
            assertThatThrownBy(() -> ExperimentConfig.from(config(kv))).as(c.toString())
                    .isInstanceOf(InvalidConfigException.class)
                    .satisfies(t -> assertThat(((InvalidConfigException) t).key()).isEqualTo(c.key()))
                    .hasMessageContaining(c.key());
        }
    }

    @Test
    void assignmentIsDeterministicAndPinnedToSha256() {
        ExperimentDefinition e = layout(50, 50);
        for (int i = 0; i < 1000; i++) {
            String v = "visitor-" + i;
            assertThat(Assignment.variant(e, v)).isEqualTo(Assignment.variant(layout(50, 50), v));
        }
        // pinned: a change of the hash would reshuffle running experiments
        // SHA-256("layout\0visitor-1") starts with these 8 bytes (computed independently below)
        assertThat(Assignment.hash("layout", "visitor-1")).isEqualTo(independentHash("layout", "visitor-1"));
    }

    @Test
    void everyIdHashesAsItsUtf8BytesWhateverItsLengthOrScript() {
        java.util.List<String> ids = new java.util.ArrayList<>(java.util.List.of("", "a", "visitor-1",
                "visitör-ü", "\u0661\u0662", "\uD83D\uDE00", "x\u0000y", "\u007f\u0080"));
        for (int length : new int[]{127, 128, 254, 255, 256, 257, 1000}) {
            ids.add("v".repeat(length));
            ids.add("é".repeat(length / 2));
        }
        java.util.Random random = new java.util.Random(2026);
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = random.nextInt(300); j > 0; j--) {
                b.append((char) (random.nextInt(8) == 0 ? random.nextInt(0x10000) : 0x20 + random.nextInt(0x5f)));
            }
            ids.add(b.toString());
        }
        for (String experiment : ids) {
            for (String visitor : new String[]{"visitor-1", ids.get(random.nextInt(ids.size())), experiment}) {
                assertThat(Assignment.hash(experiment, visitor)).as("%s / %s", experiment, visitor)
                        .isEqualTo(independentHash(experiment, visitor));
            }
        }
    }

    private static long independentHash(String id, String visitor) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((id + "\u0000" + visitor).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d, 0, 8).getLong();
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void sharesFollowTheWeights() {
        ExperimentDefinition e = layout(90, 10);
        int b = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            if (Assignment.variant(e, "v" + i).equals("b")) {
                b++;
            }
        }
        // binomial(40000, 0.1): sd = 60; 5 sd = 300
        assertThat(b).isBetween(4000 - 300, 4000 + 300);
    }

    @Test
    void independentExperimentsAreNotCorrelated() {
        ExperimentDefinition a = layout(50, 50);
        ExperimentDefinition other = new ExperimentDefinition("other", a.variants(), 0.05, 1000, List.of());
        int same = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            if (Assignment.variant(a, "v" + i).equals(Assignment.variant(other, "v" + i))) {
                same++;
            }
        }
        assertThat(same).isBetween(n / 2 - 500, n / 2 + 500); // sd = 100
    }

    @Test
    void explicitValidVariantsWinInvalidOnesAreReplacedOthersKept() {
        ExperimentAssigner assigner = new ExperimentAssigner(Map.of("layout", layout(50, 50)));
        String visitor = "abcdefghijklmnop";
        String assigned = Assignment.variant(layout(50, 50), visitor);
        String other = assigned.equals("b") ? "control" : "b";
        assertThat(assigner.merge(Map.of(), visitor)).containsExactly(Map.entry("layout", assigned));
        assertThat(assigner.merge(Map.of("layout", other), visitor)).containsExactly(Map.entry("layout", other));
        assertThat(assigner.merge(Map.of("layout", "zzz"), visitor)).containsExactly(Map.entry("layout", assigned));
        assertThat(assigner.merge(Map.of("promo", "x"), visitor))
                .containsOnly(Map.entry("promo", "x"), Map.entry("layout", assigned));
        assertThat(assigner.merge(Map.of(), null)).isEmpty();
    }

    @Test
    void theApiAnswersForTheCurrentVisitor() {
        DefaultExperiments api = new DefaultExperiments();
        api.init(ExperimentConfig.from(config("microconversions.experiment.layout.variants", "control:50,b:50")));
        String visitor = "abcdefghijklmnop";
        CurrentVisitor.set(new VisitorContext(visitor, null, null, null, Map.of()));
        try {
            assertThat(api.variant("layout")).contains(Assignment.variant(layout(50, 50), visitor));
            assertThat(api.variant("nope")).isEmpty();
            CurrentVisitor.set(new VisitorContext(visitor, null, null, null, Map.of("layout", "b")));
            assertThat(api.variant("layout")).contains("b");
        } finally {
            CurrentVisitor.clear();
        }
        assertThat(api.variant("layout")).isEmpty(); // no visitor outside a request
    }
}
