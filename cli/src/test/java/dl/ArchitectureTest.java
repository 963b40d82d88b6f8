package dl;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages depend one way only, top to bottom: a package may use those below it, never one
 * above. Packages on one tier (tensor and experiment) do not use each other either. README.md's
 * Layout section describes this order.
 */
class ArchitectureTest {
    static final List<List<String>> ORDER =
            List.of(
                    List.of("cli"),
                    List.of("board"),
                    List.of("tune"),
                    List.of("train"),
                    List.of("style"),
                    List.of("eval"),
                    List.of("tensor", "experiment"),
                    List.of("data"),
                    List.of("model"),
                    List.of("run"),
                    List.of("spec"));

    /** Each package a layer, accessed only by the tiers above it. */
    static LayeredArchitecture layers(String root, List<List<String>> order) {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> tier : order) {
            for (String p : tier) rule = rule.layer(p).definedBy(root + "." + p + "..");
        }
        List<String> above = new ArrayList<>();
        for (List<String> tier : order) {
            for (String p : tier) {
                rule =
                        above.isEmpty()
                                ? rule.whereLayer(p).mayNotBeAccessedByAnyLayer()
                                : rule.whereLayer(p)
                                        .mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
            }
            above.addAll(tier);
        }
        return rule;
    }

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void packagesDependOneWay() {
        JavaClasses production =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dl");
        layers("dl", ORDER).check(production);
        noCycles("dl").check(production);
    }

    /** The rules are not vacuous: two test-only packages that use each other break both. */
    @Test
    void aCycleIsReported() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dl.archfixture");
        var layered =
                layers("dl.archfixture", List.of(List.of("high"), List.of("low")))
                        .evaluate(fixture);
        assertTrue(layered.hasViolation(), "low uses high: " + layered.getFailureReport());
        assertTrue(
                layered.getFailureReport().toString().contains("dl.archfixture.low.Low"),
                layered.getFailureReport().toString());
        var cycles = noCycles("dl.archfixture").evaluate(fixture);
        assertTrue(cycles.hasViolation(), "low ↔ high: " + cycles.getFailureReport());
    }
}
