package dl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.spec.LayerSpec;
import dl.spec.LayerSpec.Arch;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PresetsTest {
    static final ModelShape MNIST = new ModelShape(Task.MULTICLASS, new int[] {1, 28, 28}, 10);
    static final ModelShape IMAGENET =
            new ModelShape(Task.MULTICLASS, new int[] {3, 224, 224}, 1000);

    static ExperimentSpec preset(Arch arch) {
        return CnnBuildersTest.spec(
                "model:\n  layers:\n    - {type: preset, arch: "
                        + arch.yamlName()
                        + "}\n    - {type: output}\n");
    }

    /** Parameters from the configuration alone: VGG-16 need not allocate its 138M. */
    static long params(ComputationGraphConfiguration conf) {
        return conf.getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum();
    }

    static void near(long published, long measured, String what) {
        double off = Math.abs(measured - published) / (double) published;
        System.out.printf(
                "%s: %,d parameters, published %,d (%.2f%%)%n",
                what, measured, published, 100 * off);
        assertTrue(off < 0.01, what + ": " + measured + " vs published " + published);
    }

    @Test
    void lenet5MatchesThePublishedCountOn32x32AndInitCountsTheSame() {
        ModelShape shape = new ModelShape(Task.MULTICLASS, new int[] {1, 32, 32}, 10);
        ComputationGraph g = ModelFactory.build(preset(Arch.LENET5), shape, 1);
        assertEquals(61_706, g.numParams());
        assertEquals(g.numParams(), params(g.getConfiguration()));
        // the same 5×5×16 = 400 features on 28×28: the first convolution is padded there
        assertEquals(61_706, params(ModelFactory.configure(preset(Arch.LENET5), MNIST, 1)));
    }

    @Test
    void resnet18InitializedCountsWhatItsConfigurationSays() {
        ComputationGraph g = ModelFactory.build(preset(Arch.RESNET18), IMAGENET, 1);
        assertEquals(params(g.getConfiguration()), g.numParams());
        near(11_689_512, g.numParams(), "resnet18 (initialized)");
    }

    /**
     * Configuration only: initializing VGG-16's 138M parameters would take half a gigabyte and
     * seconds for nothing.
     */
    @Test
    void alexnetVgg16ResnetsMatchTheirPublishedCountsOnImagenet() {
        near(
                61_100_840,
                params(ModelFactory.configure(preset(Arch.ALEXNET), IMAGENET, 1)),
                "alexnet");
        near(138_357_544, params(ModelFactory.configure(preset(Arch.VGG16), IMAGENET, 1)), "vgg16");
        near(
                11_689_512,
                params(ModelFactory.configure(preset(Arch.RESNET18), IMAGENET, 1)),
                "resnet18");
        near(
                25_557_032,
                params(ModelFactory.configure(preset(Arch.RESNET50), IMAGENET, 1)),
                "resnet50");
        // GoogLeNet without its auxiliary classifiers: ~6.8M in the paper's table, 6.6M in
        // torchvision (batch norm, no biases)
        long inception = params(ModelFactory.configure(preset(Arch.INCEPTION), IMAGENET, 1));
        System.out.printf("inception: %,d parameters%n", inception);
        assertTrue(inception > 6_500_000 && inception < 7_200_000, "inception: " + inception);
    }

    @Test
    void nativeSpatialSizesAreThePublishedOnes() {
        Map<String, String> vgg =
                CnnBuildersTest.shapes(
                        ModelFactory.configure(preset(Arch.VGG16), IMAGENET, 1), IMAGENET);
        assertEquals("[25088]", vgg.get("vgg16/flatten1"));
        Map<String, String> alex =
                CnnBuildersTest.shapes(
                        ModelFactory.configure(preset(Arch.ALEXNET), IMAGENET, 1), IMAGENET);
        assertEquals("[64, 56, 56]", alex.get("alexnet/conv2d1"));
        assertEquals("[9216]", alex.get("alexnet/flatten1"));
        Map<String, String> res =
                CnnBuildersTest.shapes(
                        ModelFactory.configure(preset(Arch.RESNET50), IMAGENET, 1), IMAGENET);
        assertEquals("[2048, 7, 7]", res.get("resnet50/residual16"));
        assertEquals("[2048]", res.get("resnet50/globalpool1"));
        Map<String, String> lenet =
                CnnBuildersTest.shapes(
                        ModelFactory.configure(preset(Arch.LENET5), MNIST, 1), MNIST);
        assertEquals("[6, 28, 28]", lenet.get("lenet5/conv2d1"));
        assertEquals("[16, 10, 10]", lenet.get("lenet5/conv2d2"));
        assertEquals("[400]", lenet.get("lenet5/flatten1"));
    }

    /**
     * `dl validate` on 28×28×1 and one mini-batch of 2 random images through forward and backward.
     */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyPresetBuildsAndTrainsOnMnistSizedImages(Arch arch) {
        ExperimentSpec spec = preset(arch);
        ComputationGraphConfiguration conf = ModelFactory.configure(spec, MNIST, 1);
        List<ModelSummary.Row> rows = ModelSummary.rows(conf, MNIST);
        assertEquals("[10]", rows.get(rows.size() - 1).outputShape());
        for (ModelSummary.Row r : rows)
            assertFalse(
                    r.outputShape().contains(" 0") || r.outputShape().contains("[0"), r.toString());
        ComputationGraph g = ModelFactory.build(spec, MNIST, 1);
        CnnBuildersTest.fitOneBatch(g, 2, 784, 10);
        assertTrue(Double.isFinite(g.score()), arch + ": " + g.score());
    }

    @Test
    void smallImagesDropPoolsInsteadOfShrinkingBelowOnePixel() {
        List<LayerSpec> vgg = Presets.expand(Arch.VGG16, 1, 28, 28);
        assertEquals(4, vgg.stream().filter(l -> l instanceof LayerSpec.MaxPool).count());
        assertEquals(
                5,
                Presets.expand(Arch.VGG16, 3, 32, 32).stream()
                        .filter(l -> l instanceof LayerSpec.MaxPool)
                        .count());
        Map<String, String> alex =
                CnnBuildersTest.shapes(
                        ModelFactory.configure(preset(Arch.ALEXNET), MNIST, 1), MNIST);
        assertEquals("[256]", alex.get("alexnet/flatten1"));
    }

    @Test
    void validatePrintsTheExpansionAsYaml() {
        Map<String, List<LayerSpec>> expansions =
                ModelFactory.presetExpansions(preset(Arch.RESNET18), MNIST);
        assertEquals(List.of("model.layers[0]"), List.copyOf(expansions.keySet()));
        String yaml = Presets.yaml(expansions.get("model.layers[0]"));
        assertTrue(
                yaml.startsWith(
                        "- {type: conv2d, filters: 64, kernel: 7, stride: 2, padding: same, activation: linear}\n"),
                yaml);
        assertTrue(
                yaml.contains(
                        "- type: residual\n  shortcut: projection\n  activation: relu\n  layers:\n    - {type: conv2d, filters: 128"),
                yaml);
        // it parses back as YAML
        dl.spec.ConfigLoader.parse("layers:\n" + yaml.indent(2), "expansion");
        String inception = Presets.yaml(Presets.expand(Arch.INCEPTION, 1, 28, 28));
        assertTrue(
                inception.contains(
                        "  name: 3a\n  branches:\n    - [{type: conv2d, filters: 64, kernel: 1"),
                inception);
    }

    @Test
    void aPresetNeedsAnImage() {
        ModelShape tabular = new ModelShape(Task.MULTICLASS, new int[] {4}, 3);
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> ModelFactory.configure(preset(Arch.LENET5), tabular, 1));
        assertTrue(
                e.getMessage().startsWith("model.layers[0]: preset needs an image input"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("model.input: [height, width, channels]"), e.getMessage());
    }

    @Test
    void aNamedPresetCanBeReadByName() {
        ExperimentSpec spec =
                CnnBuildersTest.spec(
                        """
                model:
                  layers:
                    - {type: preset, arch: lenet5, name: features}
                    - {type: dense, units: 10, from: [features]}
                    - {type: output}
                """);
        Map<String, String> s =
                CnnBuildersTest.shapes(ModelFactory.configure(spec, MNIST, 1), MNIST);
        assertEquals("[84]", s.get("features/dense2"));
        assertEquals("[10]", s.get("dense1"));
    }
}
