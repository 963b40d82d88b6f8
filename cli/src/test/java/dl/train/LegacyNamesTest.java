package dl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.model.ModelFactory;
import dl.model.ModelShape;
import dl.spec.Binder;
import dl.spec.ConfigLoader;
import dl.spec.Errors;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.junit.jupiter.api.Test;

/**
 * Models saved while the updater classes lived in dl.train still read: their JSON names those
 * classes.
 */
class LegacyNamesTest {

    @Test
    void aConfigNamingTheOldUpdaterClassesStillReads() {
        var root =
                ConfigLoader.parse(
                        "data:\n  train: {type: synthetic, kind: moons}\n"
                                + "model:\n  layers:\n    - {type: dense, units: 4}\n    - {type: output}\n"
                                + "train:\n  optimizer: {type: momentum, learning_rate: 0.1, momentum: 0.9}\n"
                                + "  lr_decay: {type: exponential, rate: 0.5}\n",
                        "test.yaml");
        Errors errors = new Errors();
        ExperimentSpec spec = Binder.bindExperiment(root, errors);
        errors.throwIfAny();
        String json =
                ModelFactory.configure(spec, new ModelShape(Task.BINARY, new int[] {2}, 2), 10)
                        .toJson();
        assertTrue(
                json.contains("dl.model.Momentum") && json.contains("dl.model.DecaySchedule"),
                json);

        String old =
                json.replace("dl.model.Momentum", "dl.train.Momentum")
                        .replace("dl.model.DecaySchedule", "dl.train.DecaySchedule");
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(old);
        var layer =
                conf.getVertices().values().stream()
                        .filter(v -> v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex)
                        .map(
                                v ->
                                        ((org.deeplearning4j.nn.conf.graph.LayerVertex) v)
                                                .getLayerConf()
                                                .getLayer())
                        .map(l -> l instanceof FrozenLayer f ? f.getLayer() : l)
                        .findFirst()
                        .orElseThrow();
        var updater = assertInstanceOf(dl.model.Momentum.class, ((BaseLayer) layer).getIUpdater());
        assertInstanceOf(dl.model.DecaySchedule.class, updater.getLearningRateSchedule());
        assertEquals(0.1 * 0.5 * 0.5, updater.getLearningRate(0, 2), 1e-12);
    }
}
