package dl.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of {@link FastConv2D}, laid out as DL4J's {@code ConvolutionParamInitializer} does:
 * the flattened view holds the bias "b" [nOut] first, then the weights "W" [nOut, nIn, kH, kW] in c
 * order.
 */
public final class FastConvParamInitializer implements ParamInitializer {
    public static final String WEIGHT_KEY = DefaultParamInitializer.WEIGHT_KEY;
    public static final String BIAS_KEY = DefaultParamInitializer.BIAS_KEY;

    private static final FastConvParamInitializer INSTANCE = new FastConvParamInitializer();

    public static FastConvParamInitializer getInstance() {
        return INSTANCE;
    }

    private FastConvParamInitializer() {}

    private static FastConv2D conv(Layer l) {
        return (FastConv2D) l;
    }

    private static long[] weightShape(FastConv2D c) {
        return new long[] {c.getNOut(), c.getNIn(), c.getKernelSize()[0], c.getKernelSize()[1]};
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        FastConv2D c = conv(layer);
        return c.getNIn() * c.getNOut() * c.getKernelSize()[0] * c.getKernelSize()[1]
                + (c.hasBias() ? c.getNOut() : 0);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return conv(layer).hasBias() ? List.of(WEIGHT_KEY, BIAS_KEY) : List.of(WEIGHT_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return conv(layer).hasBias() ? List.of(BIAS_KEY) : List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(
            NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        FastConv2D c = conv(conf.getLayer());
        long nOut = c.getNOut();
        INDArray flat = paramsView.reshape(paramsView.length());
        Map<String, INDArray> params = Collections.synchronizedMap(new LinkedHashMap<>());
        INDArray weightView;
        if (c.hasBias()) {
            INDArray biasView = flat.get(NDArrayIndex.interval(0, nOut));
            if (initializeParams) {
                biasView.assign(c.getBiasInit());
            }
            params.put(BIAS_KEY, biasView);
            weightView = flat.get(NDArrayIndex.interval(nOut, numParams(c)));
        } else {
            weightView = flat;
        }
        long[] shape = weightShape(c);
        INDArray w;
        if (initializeParams) {
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            double fanIn = (double) c.getNIn() * k[0] * k[1];
            double fanOut = (double) nOut * k[0] * k[1] / ((double) s[0] * s[1]);
            w = c.getWeightInitFn().init(fanIn, fanOut, shape, 'c', weightView);
        } else {
            w = WeightInitUtil.reshapeWeights(shape, weightView, 'c');
        }
        params.put(WEIGHT_KEY, w);
        conf.addVariable(WEIGHT_KEY);
        if (c.hasBias()) {
            conf.addVariable(BIAS_KEY);
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(
            NeuralNetConfiguration conf, INDArray gradientView) {
        FastConv2D c = conv(conf.getLayer());
        long nOut = c.getNOut();
        INDArray flat = gradientView.reshape(gradientView.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (c.hasBias()) {
            out.put(BIAS_KEY, flat.get(NDArrayIndex.interval(0, nOut)));
            out.put(
                    WEIGHT_KEY,
                    flat.get(NDArrayIndex.interval(nOut, numParams(c)))
                            .reshape('c', weightShape(c)));
        } else {
            out.put(WEIGHT_KEY, flat.reshape('c', weightShape(c)));
        }
        return out;
    }
}
