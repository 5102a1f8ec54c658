package io.github.redishajunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * The arrows between packages run one way: the public API ({@code io.github.redishajunit}, {@code .assertions},
 * {@code .certification}, {@code .drills}) never needs the internal package, there is no cycle between packages,
 * every public type says with {@code @API} whether users may write against it (and since which version), and what the
 * internal package must make public says it is not API. Inside internal, the rooms stack up one way (docs/development.md
 * draws the map): each may use only the rooms below it, and the top of internal holds only the services the API loads.
 */
class PackageBoundariesTest {

    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.redishajunit");

    @Test
    void thePublicApiNeverDependsOnTheInternalPackage() {
        noClasses().that().resideOutsideOfPackage("io.github.redishajunit.internal..")
                .should().dependOnClassesThat().resideInAPackage("io.github.redishajunit.internal..")
                .check(LIBRARY);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.github.(redishajunit).(**)").namingSlices("$2")
                .should().beFreeOfCycles()
                .check(LIBRARY);
        // the root package against each sub-package
        noClasses().that().resideInAPackage("io.github.redishajunit")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.redishajunit.assertions..",
                        "io.github.redishajunit.certification..", "io.github.redishajunit.internal..")
                .check(LIBRARY);
    }

    @Test
    void everyPublicTypeSaysWhetherItIsApi() {
        classes().that().areTopLevelClasses().and().haveModifier(JavaModifier.PUBLIC)
                .should().beAnnotatedWith(API.class)
                .because("users must tell the types they may write against from the rest (@API, apiguardian)")
                .check(LIBRARY);
        classes().that().areTopLevelClasses().and().haveModifier(JavaModifier.PUBLIC)
                .and().areAnnotatedWith(API.class)
                .should(new ArchCondition<>("say since which version when they are API") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        API api = type.getAnnotationOfType(API.class);
                        if (api.status() != API.Status.INTERNAL && api.since().isBlank()) {
                            events.add(SimpleConditionEvent.violated(type, type.getName() + " is @API("
                                    + api.status() + ") without since"));
                        }
                    }
                })
                .check(LIBRARY);
        classes().that().resideInAPackage("io.github.redishajunit.internal..").and().areTopLevelClasses()
                .and().haveModifier(JavaModifier.PUBLIC)
                .should(new ArchCondition<>("be @API(status = INTERNAL)") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        if (type.getAnnotationOfType(API.class).status() != API.Status.INTERNAL) {
                            events.add(SimpleConditionEvent.violated(type, type.getName() + " is in the internal"
                                    + " package but not @API(status = INTERNAL)"));
                        }
                    }
                })
                .check(LIBRARY);
    }

    @Test
    void publicInternalClassesAreMarkedInternal() {
        classes().that().resideInAPackage("io.github.redishajunit.internal..").and().areTopLevelClasses()
                .and().haveModifier(JavaModifier.PUBLIC)
                .should().beAnnotatedWith(API.class)
                .check(LIBRARY);
    }

    /** internal's rooms, lowest first: each may be used only by the rooms after it (and internal's top, last). */
    private static final List<String> INTERNAL_ROOMS = List.of("progress", "pods", "cluster", "discovery", "credentials",
            "settings", "topology", "manifest", "readiness", "stack");

    @Test
    void internalsRoomsUseOnlyTheRoomsBelowThem() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("services").definedBy("io.github.redishajunit.internal");
        for (String room : INTERNAL_ROOMS) {
            layers = layers.layer(room).definedBy("io.github.redishajunit.internal." + room + "..");
        }
        for (int i = 0; i < INTERNAL_ROOMS.size(); i++) {
            String[] above = INTERNAL_ROOMS.subList(i + 1, INTERNAL_ROOMS.size()).toArray(String[]::new);
            String[] users = Arrays.copyOf(above, above.length + 1);
            users[above.length] = "services";
            layers = layers.whereLayer(INTERNAL_ROOMS.get(i)).mayOnlyBeAccessedByLayers(users);
        }
        layers.whereLayer("services").mayNotBeAccessedByAnyLayer().check(LIBRARY);
    }

    @Test
    void internalIsInRoomsSmallEnoughToReadInOneSitting() {
        Map<String, Long> classes = LIBRARY.stream()
                .filter(type -> type.getPackageName().startsWith("io.github.redishajunit.internal"))
                .filter(JavaClass::isTopLevelClass)
                .collect(Collectors.groupingBy(JavaClass::getPackageName, TreeMap::new, Collectors.counting()));
        assertThat(classes.get("io.github.redishajunit.internal")).as("classes at internal's top").isLessThanOrEqualTo(15);
        assertThat(classes.keySet()).as("internal's rooms").containsExactlyInAnyOrderElementsOf(
                INTERNAL_ROOMS.stream().map(room -> "io.github.redishajunit.internal." + room)
                        .collect(Collectors.toCollection(() -> new java.util.ArrayList<>(List.of(
                                "io.github.redishajunit.internal")))));
        assertThat(classes).as("classes in each of internal's rooms").allSatisfy((room, count) ->
                assertThat(count).as(room).isLessThanOrEqualTo(20));
    }
}
