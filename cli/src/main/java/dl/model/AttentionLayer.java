package dl.model;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's multi-head self-attention with right gradients: on 1.0.0-M2.1 the stock layer's gradients
 * are doubled ({@link SameDiffGradients}), which `dl gradcheck` showed as a relative difference of
 * 1/3.
 */
public class AttentionLayer extends SelfAttentionLayer {

    /** For deserialization; Jackson sets the fields. */
    protected AttentionLayer() {
        super(new SelfAttentionLayer.Builder());
    }

    public AttentionLayer(SelfAttentionLayer.Builder builder) {
        super(builder);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        return LayerRuntime.wire(
                new Runtime(conf, networkDataType),
                initializer(),
                conf,
                listeners,
                layerIndex,
                layerParamsView,
                initializeParams);
    }

    static final class Runtime extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {
        private double scale;

        Runtime(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(
                INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                // as the superclass would, but without its line per op on stdout
                if (sameDiff == null) doInit();
                if (!sameDiff.hasGradientFunction())
                    SameDiffGradients.withoutDiffChatter(
                            () -> sameDiff.createGradFunction(INPUT_KEY));
            }
            Pair<Gradient, INDArray> r = super.backpropGradient(epsilon, workspaceMgr);
            if (scale == 0) scale = SameDiffGradients.externalErrorsScale(sameDiff, outputVar, fn);
            if (scale != 1.0) {
                for (INDArray g : r.getFirst().gradientForVariable().values()) g.muli(scale);
                r.getSecond().muli(scale);
            }
            return r;
        }
    }
}
