package dl.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dropout layer between recurrent layers. DL4J 1.0.0-M2.1's own multiplies its activations
 * column-wise by the feature mask, which fits only 2-d activations: on padded sequences ([batch,
 * size, time] against a [batch, time] mask) training fails with "Mismatched shapes". This one only
 * drops units and hands the mask on unchanged: the recurrent layers and the loss after it honour
 * the mask themselves.
 */
public class SequenceDropout extends DropoutLayer {

    public SequenceDropout(double keepProb) {
        super(keepProb);
    }

    /** For DL4J's JSON form of the configuration. */
    public SequenceDropout() {}

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        return LayerRuntime.wire(
                new Runtime(conf, networkDataType),
                initializer(),
                conf,
                trainingListeners,
                layerIndex,
                layerParamsView,
                initializeParams);
    }

    /** DL4J's dropout layer that never keeps the mask, so never multiplies by it. */
    static final class Runtime extends org.deeplearning4j.nn.layers.DropoutLayer {
        Runtime(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public void setMaskArray(INDArray maskArray) {
            // not kept: see the class comment
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArray(
                INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
            return new Pair<>(maskArray, currentMaskState);
        }
    }
}
