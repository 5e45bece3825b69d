package org.microconversions.interceptors;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package direction of docs/architecture.md, enforced: the data flows down, entry points →
 * record → pipeline → store → outbox → sink, each layer using only the one below it and the
 * foundation, which uses none of them. No exceptions are listed; a dependency against the
 * direction is fixed where it is written (an interface below, implemented above), not here.
 */
class ArchitectureTest {

    private static final String ROOT = "org.microconversions.interceptors.";
    private static final JavaClasses SUITE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.microconversions.interceptors");

    private static final String[] ENTRY = {"cdi", "jaxrs", "http", "collect", "insights"};
    private static final String[] RECORD = {"record"};
    /** Privacy sits beside the pipeline: user ids are hashed while recording, erasure and retention use the store. */
    private static final String[] PIPELINE = {"pipeline", "privacy"};
    private static final String[] STORE = {"store"};
    private static final String[] OUTBOX = {"outbox"};
    private static final String[] SINK = {"sink"};
    /** Used by every layer; they know nothing of the layers above them. */
    private static final String[] FOUNDATION = {"config", "metrics", "json", "jdbc", "visitor", "container",
            "experiment"};

    private static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Entry").definedBy(in(ENTRY))
            .layer("Record").definedBy(in(RECORD))
            .layer("Pipeline").definedBy(in(PIPELINE))
            .layer("Store").definedBy(in(STORE))
            .layer("Outbox").definedBy(in(OUTBOX))
            .layer("Sink").definedBy(in(SINK))
            .layer("Foundation").definedBy(in(FOUNDATION))
            .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
            .whereLayer("Record").mayOnlyBeAccessedByLayers("Entry")
            .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Record")
            .whereLayer("Store").mayOnlyBeAccessedByLayers("Pipeline")
            .whereLayer("Outbox").mayOnlyBeAccessedByLayers("Store")
            .whereLayer("Sink").mayOnlyBeAccessedByLayers("Outbox");

    private static final ArchRule NO_CYCLES = slices().matching(ROOT + "(**)").should().beFreeOfCycles();

    private static final ArchRule IN_A_LAYER = classes().should().resideInAnyPackage(
            in(Stream.of(ENTRY, RECORD, PIPELINE, STORE, OUTBOX, SINK, FOUNDATION).flatMap(Stream::of)
                    .toArray(String[]::new)));

    /** One read of the configuration per deployment: every component injects its settings record. */
    private static final ArchRule ONE_CONFIG_READER = noClasses()
            .that().doNotHaveFullyQualifiedName(ROOT + "config.Configuration")
            .should().accessClassesThat().haveFullyQualifiedName("org.eclipse.microprofile.config.ConfigProvider")
            .because("config.Configuration reads MicroProfile Config once per deployment (docs/architecture.md)");

    @Test
    void onlyConfigurationCallsConfigProvider() {
        ONE_CONFIG_READER.check(SUITE);
    }

    @Test
    void eachLayerUsesOnlyTheOneBelowItAndTheFoundation() {
        LAYERS.check(SUITE);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        NO_CYCLES.check(SUITE);
    }

    /** A new package gets its place in a layer above before it can hold code. */
    @Test
    void everyClassIsInALayer() {
        IN_A_LAYER.check(SUITE);
    }

    /** @return the patterns of these packages of the suite and their subpackages */
    private static String[] in(String... packages) {
        return Stream.of(packages).map(p -> ROOT + p + "..").toArray(String[]::new);
    }
}
