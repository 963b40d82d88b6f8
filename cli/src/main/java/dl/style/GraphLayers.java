package dl.style;

import dl.model.FastConv2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The image layers of a trained DL4J ComputationGraph as SameDiff steps: the chain of convolutions
 * (DL4J's own and dl's FastConv2D), pooling, batch normalization (inference statistics), activation
 * and dropout layers from the input up to the first layer that is none of these (a dense layer, a
 * merge). Weights are copied as they are; the graph itself is not used afterwards.
 */
final class GraphLayers {
    private GraphLayers() {}

    /**
     * @param layers the steps, named as the graph's vertices
     * @param channels the input channels of the first convolution
     * @param end why the chain ends where it does ("dense layer fc1"), or null at the graph's end
     */
    record Chain(List<FeatureNetwork.Layer> layers, int channels, String end) {}

    static Chain of(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        List<FeatureNetwork.Layer> layers = new ArrayList<>();
        Map<String, List<String>> inputs = conf.getVertexInputs();
        String previous = conf.getNetworkInputs().size() == 1 ? conf.getNetworkInputs().get(0) : "";
        int channels = 0;
        for (String name : conf.getTopologicalOrderStr()) {
            if (conf.getNetworkInputs().contains(name)) continue;
            GraphVertex vertex = conf.getVertices().get(name);
            if (!(vertex instanceof LayerVertex lv))
                return new Chain(layers, channels, vertex.getClass().getSimpleName() + " " + name);
            if (!List.of(previous).equals(inputs.get(name)))
                return new Chain(layers, channels, "layer " + name + ", not a chain");
            if (lv.getPreProcessor() != null
                    && !(layers.isEmpty()
                            && lv.getPreProcessor() instanceof FeedForwardToCnnPreProcessor))
                return new Chain(layers, channels, "layer " + name + " (it reshapes its input)");
            Layer layer = lv.getLayerConf().getLayer();
            FeatureOp op = step(layer, graph.getLayer(name).paramTable());
            if (op == null)
                return new Chain(
                        layers, channels, layer.getClass().getSimpleName() + " layer " + name);
            if (channels == 0 && op instanceof FeatureOp.Conv c)
                channels = (int) c.weights().size(2);
            layers.add(new FeatureNetwork.Layer(name, op));
            previous = name;
        }
        return new Chain(layers, channels, null);
    }

    /** The layer as a step, or null when it is not an image layer this translation knows. */
    private static FeatureOp step(Layer layer, Map<String, INDArray> params) {
        if (layer instanceof FastConv2D f) {
            return conv(
                    params,
                    f.getStride(),
                    new int[] {0, 0},
                    new int[] {1, 1},
                    f.getConvolutionMode(),
                    f.hasBias(),
                    Activation.of(f.getActivationFn()));
        }
        if (layer.getClass() == ConvolutionLayer.class) {
            ConvolutionLayer c = (ConvolutionLayer) layer;
            if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW) return null;
            return conv(
                    params,
                    c.getStride(),
                    c.getPadding(),
                    c.getDilation(),
                    c.getConvolutionMode(),
                    c.hasBias(),
                    Activation.of(c.getActivationFn()));
        }
        if (layer.getClass() == SubsamplingLayer.class) {
            SubsamplingLayer s = (SubsamplingLayer) layer;
            boolean max = s.getPoolingType() == PoolingType.MAX;
            if (!(max || s.getPoolingType() == PoolingType.AVG)
                    || s.getCnn2dDataFormat() != CNN2DFormat.NCHW
                    || s.getDilation()[0] != 1
                    || s.getDilation()[1] != 1
                    || !supported(s.getConvolutionMode())) return null;
            return new FeatureOp.Pool(
                    max,
                    s.getKernelSize(),
                    s.getStride(),
                    s.getConvolutionMode() == ConvolutionMode.Same
                            ? new int[] {0, 0}
                            : s.getPadding(),
                    s.getConvolutionMode() == ConvolutionMode.Same,
                    s.isAvgPoolIncludePadInDivisor());
        }
        if (layer instanceof BatchNormalization b) return batchNorm(b, params);
        if (layer instanceof ActivationLayer a) {
            Activation act = Activation.of(a.getActivationFn());
            return act == null ? null : new FeatureOp.Act(act);
        }
        if (layer instanceof DropoutLayer) return new FeatureOp.Identity("dropout");
        return null;
    }

    private static boolean supported(ConvolutionMode mode) {
        return mode == ConvolutionMode.Same
                || mode == ConvolutionMode.Truncate
                || mode == ConvolutionMode.Strict;
    }

    /** W [out, in, kH, kW] as DL4J keeps it, turned into SameDiff's [kH, kW, in, out]. */
    private static FeatureOp conv(
            Map<String, INDArray> params,
            int[] stride,
            int[] padding,
            int[] dilation,
            ConvolutionMode mode,
            boolean hasBias,
            Activation activation) {
        if (activation == null || !supported(mode)) return null;
        INDArray w = params.get("W").permute(2, 3, 1, 0).dup('c');
        INDArray b = hasBias ? params.get("b").reshape(params.get("b").length()).dup() : null;
        boolean same = mode == ConvolutionMode.Same;
        return new FeatureOp.Conv(
                w, b, stride, same ? new int[] {0, 0} : padding, dilation, same, activation);
    }

    /**
     * At inference: γ·(x − mean)/√(var + ε) + β, one scale and shift per channel. DL4J's layer
     * never applies the activation its configuration carries (sigmoid, the global default, unless
     * set): neither does this step.
     */
    private static FeatureOp batchNorm(BatchNormalization b, Map<String, INDArray> params) {
        if (b.getCnn2DFormat() != CNN2DFormat.NCHW) return null;
        INDArray mean = flat(params.get(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        INDArray var;
        if (b.isUseLogStd()) {
            INDArray log10Std = flat(params.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
            var =
                    Transforms.pow(
                            Nd4j.valueArrayOf(log10Std.shape(), 10.0, log10Std.dataType()),
                            log10Std);
            var.muli(var);
        } else {
            var = flat(params.get(BatchNormalizationParamInitializer.GLOBAL_VAR));
        }
        long c = mean.length();
        INDArray gamma =
                b.isLockGammaBeta()
                        ? Nd4j.valueArrayOf(new long[] {c}, b.getGamma(), mean.dataType())
                        : flat(params.get(BatchNormalizationParamInitializer.GAMMA));
        INDArray beta =
                b.isLockGammaBeta()
                        ? Nd4j.valueArrayOf(new long[] {c}, b.getBeta(), mean.dataType())
                        : flat(params.get(BatchNormalizationParamInitializer.BETA));
        INDArray scale = gamma.div(Transforms.sqrt(var.add(b.getEps()), false));
        INDArray shift = beta.sub(mean.mul(scale));
        return new FeatureOp.Affine(
                scale.reshape(1, c, 1, 1), shift.reshape(1, c, 1, 1), Activation.IDENTITY);
    }

    private static INDArray flat(INDArray a) {
        return a.reshape(a.length()).dup();
    }
}
