package dl.model;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime side of {@link FastConv2D}: forward with libnd4j's {@code conv2d} op, backward with
 * {@code conv2d_bp}, both in NCHW with DL4J's weight layout [oC, iC, kH, kW] (the ops'
 * weightsFormat 1).
 *
 * <p>The pre-activation z of a training forward pass is kept (in the activations workspace, which
 * DL4J keeps open until backprop has finished) so that backprop does not run the convolution a
 * second time; it is used only if it is still valid and belongs to the current input, else
 * recomputed.
 */
public class FastConv2DLayer extends BaseLayer<FastConv2D> {
    private static final String W_KEY = FastConvParamInitializer.WEIGHT_KEY;
    private static final String B_KEY = FastConvParamInitializer.BIAS_KEY;

    /** pre-activation of the last training forward pass, and the input it was computed from */
    private transient INDArray zCache;

    private transient INDArray zCacheInput;

    public FastConv2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }

    @Override
    public boolean hasBias() {
        return layerConf().hasBias();
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    /**
     * kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, dataFormat (0 = NCHW), weightsFormat (1 = [oC,
     * iC, kH, kW])
     */
    private int[] iArgs() {
        FastConv2D c = layerConf();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        // in same mode the op computes the (TensorFlow-style) padding itself, as DL4J's Same mode
        // does
        return new int[] {k[0], k[1], s[0], s[1], 0, 0, 1, 1, c.isSame() ? 1 : 0, 0, 1};
    }

    /** The input as a c-contiguous NCHW array of the layer's data type, validated. */
    private INDArray input4d(LayerWorkspaceMgr workspaceMgr, ArrayType copyTo) {
        INDArray x = input.castTo(dataType);
        if (x.rank() != 4) {
            throw new DL4JInvalidInputException(
                    "Got rank "
                            + x.rank()
                            + " array as input to FastConv2D "
                            + layerId()
                            + " with shape "
                            + Arrays.toString(x.shape())
                            + ". Expected rank 4 [minibatch, channels, height, width]."
                            + (x.rank() == 2
                                    ? " (Wrong input type (see InputType.convolutionalFlat())?)"
                                    : ""));
        }
        long nIn = layerConf().getNIn();
        if (x.size(1) != nIn) {
            throw new DL4JInvalidInputException(
                    "FastConv2D "
                            + layerId()
                            + ": input has "
                            + x.size(1)
                            + " channels (shape "
                            + Arrays.toString(x.shape())
                            + "), expected "
                            + nIn
                            + " (NCHW)");
        }
        return contiguous(x, workspaceMgr, copyTo);
    }

    private static INDArray contiguous(
            INDArray a, LayerWorkspaceMgr workspaceMgr, ArrayType copyTo) {
        return isCContiguous(a) ? a : workspaceMgr.dup(copyTo, a, 'c');
    }

    /**
     * Dense c-order layout, whatever the strides of size-1 axes (ND4J's own check rejects [784,
     * 784, 28, 1]).
     */
    static boolean isCContiguous(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    private long[] outShape(INDArray x) {
        FastConv2D c = layerConf();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        long oH = FastConv2D.outSize(x.size(2), k[0], s[0], c.isSame());
        long oW = FastConv2D.outSize(x.size(3), k[1], s[1], c.isSame());
        if (oH < 1 || oW < 1) {
            throw new DL4JInvalidInputException(
                    "FastConv2D "
                            + layerId()
                            + ": input "
                            + x.size(2)
                            + "x"
                            + x.size(3)
                            + " is smaller than the kernel "
                            + k[0]
                            + "x"
                            + k[1]
                            + " (valid padding)");
        }
        return new long[] {x.size(0), c.getNOut(), oH, oW};
    }

    /** z = conv(x, W) + b, in the activations workspace. */
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParamWithNoise(W_KEY, training, workspaceMgr);
        INDArray x = input4d(workspaceMgr, ArrayType.FF_WORKING_MEM);
        INDArray z =
                workspaceMgr.createUninitialized(
                        ArrayType.ACTIVATIONS, w.dataType(), outShape(x), 'c');
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (hasBias()) {
            op.addInputs(x, w, getParamWithNoise(B_KEY, training, workspaceMgr));
        } else {
            op.addInputs(x, w);
        }
        Nd4j.exec(op.addOutputs(z).addIntegerArguments(iArgs()).build());
        return z;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = preOutput(training, workspaceMgr);
        IActivation afn = layerConf().getActivationFn();
        zCache = null;
        zCacheInput = null;
        INDArray a = z;
        if (training) {
            zCache = z;
            zCacheInput = input;
            if (!(afn instanceof ActivationIdentity)) {
                // activations work in place: keep z intact for backprop
                a = workspaceMgr.dup(ArrayType.ACTIVATIONS, z);
            }
        }
        return afn.getActivation(a, training);
    }

    private boolean cacheValid() {
        if (zCache == null || zCacheInput != input || zCache.wasClosed()) {
            return false;
        }
        if (!zCache.isAttached()) {
            return true;
        }
        MemoryWorkspace ws = zCache.data().getParentWorkspace();
        return ws != null
                && ws.isScopeActive()
                && ws.getGenerationId() == zCache.data().getGenerationId();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
            INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray z = cacheValid() ? zCache : preOutput(true, workspaceMgr);
        zCache = null;
        zCacheInput = null;
        if (epsilon.dataType() != dataType) {
            epsilon = epsilon.castTo(dataType);
        }
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        delta = contiguous(delta, workspaceMgr, ArrayType.BP_WORKING_MEM);

        INDArray w = getParamWithNoise(W_KEY, true, workspaceMgr);
        INDArray x = input4d(workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray epsNext =
                workspaceMgr.createUninitialized(
                        ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        INDArray wGrad = gradientViews.get(W_KEY);
        Gradient ret = new DefaultGradient();
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp");
        if (hasBias()) {
            INDArray bGrad = gradientViews.get(B_KEY);
            op.addInputs(x, w, getParamWithNoise(B_KEY, true, workspaceMgr), delta)
                    .addOutputs(epsNext, wGrad, bGrad);
            ret.setGradientFor(B_KEY, bGrad);
        } else {
            op.addInputs(x, w, delta).addOutputs(epsNext, wGrad);
        }
        Nd4j.exec(op.addIntegerArguments(iArgs()).build());
        ret.setGradientFor(W_KEY, wGrad, 'c');

        weightNoiseParams.clear();
        epsNext = backpropDropOutIfPresent(epsNext);
        return new Pair<>(ret, epsNext);
    }

    @Override
    public void clear() {
        super.clear();
        zCache = null;
        zCacheInput = null;
    }

    @Override
    public void setParams(INDArray params) {
        // c order, as DL4J's ConvolutionLayer (BaseLayer flattens in f order by default)
        setParams(params, 'c');
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("Not supported");
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(
            INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        if (maskArray == null) {
            return new Pair<>(null, currentMaskState);
        }
        FastConv2D c = layerConf();
        INDArray outMask =
                ConvolutionUtils.cnn2dMaskReduction(
                        maskArray,
                        c.getKernelSize(),
                        c.getStride(),
                        new int[] {0, 0},
                        new int[] {1, 1},
                        c.getConvolutionMode());
        return new Pair<>(outMask, currentMaskState);
    }
}
