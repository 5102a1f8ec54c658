package io.github.redishajunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * The arrows between packages run one way: the public API ({@code io.github.redishajunit}, {@code .assertions},
 * {@code .certification}, {@code .drills}) never needs the internal package, there is no cycle between packages,
 * every public type says with {@code @API} whether users may write against it (and since which version), and what the
 * internal package must make public says it is not API.
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
}
