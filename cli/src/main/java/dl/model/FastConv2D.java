package dl.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution layer (NCHW) computed by libnd4j's native {@code conv2d} / {@code conv2d_bp}
 * ops (oneDNN in the {@code onednn} builds of nd4j-native) instead of DL4J M2.1's Java im2col +
 * gemm path in {@link org.deeplearning4j.nn.conf.layers.ConvolutionLayer}, whose oneDNN helper
 * never switches on.
 *
 * <p>Parameters are laid out exactly as in DL4J's {@code ConvolutionLayer}: the flattened vector is
 * the bias {@code b} [nOut] followed by the weights {@code W} [nOut, nIn, kH, kW] in c order,
 * initialized with the same fan-in / fan-out, so the two layers are interchangeable parameter for
 * parameter.
 *
 * <p>Padding is {@link ConvolutionMode#Same} (output ⌈in/stride⌉, TensorFlow's convention: the
 * extra row/column of padding goes to the bottom/right) or {@link ConvolutionMode#Truncate}
 * ("valid": ⌊(in − k)/stride⌋ + 1). Dilation is 1. The configuration is plain bean properties, so
 * DL4J's JSON (de)serialization of graph configurations (and {@code ModelSerializer}) handles it.
 *
 * <pre>
 * new FastConv2D.Builder().kernelSize(3).stride(1).convolutionMode(ConvolutionMode.Same)
 *         .nOut(32).activation(Activation.RELU).weightInit(WeightInit.RELU).build()
 * </pre>
 */
public class FastConv2D extends FeedForwardLayer {

    private int[] kernelSize = {3, 3};
    private int[] stride = {1, 1};
    private ConvolutionMode convolutionMode = ConvolutionMode.Same;
    private boolean hasBias = true;

    /** For JSON deserialization. */
    public FastConv2D() {}

    private FastConv2D(Builder b) {
        super(b);
        this.kernelSize = b.kernelSize.clone();
        this.stride = b.stride.clone();
        this.convolutionMode = b.convolutionMode;
        this.hasBias = b.hasBias;
        initializeConstraints(b);
    }

    // ---- bean properties (serialized) ------------------------------------------------------

    public int[] getKernelSize() {
        return kernelSize;
    }

    public void setKernelSize(int[] kernelSize) {
        this.kernelSize = kernelSize;
    }

    public int[] getStride() {
        return stride;
    }

    public void setStride(int[] stride) {
        this.stride = stride;
    }

    public ConvolutionMode getConvolutionMode() {
        return convolutionMode;
    }

    public void setConvolutionMode(ConvolutionMode convolutionMode) {
        this.convolutionMode = convolutionMode;
    }

    public boolean isHasBias() {
        return hasBias;
    }

    public void setHasBias(boolean hasBias) {
        this.hasBias = hasBias;
    }

    public boolean hasBias() {
        return hasBias;
    }

    boolean isSame() {
        return convolutionMode == ConvolutionMode.Same;
    }

    // ---- DL4J layer configuration ----------------------------------------------------------

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        LayerValidation.assertNInNOutSet(
                "FastConv2D", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerRuntime.wire(
                new FastConv2DLayer(conf, networkDataType),
                initializer(),
                conf,
                trainingListeners,
                layerIndex,
                layerParamsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return FastConvParamInitializer.getInstance();
    }

    /** Output height or width for an input of {@code in} along one axis. */
    static long outSize(long in, int k, int s, boolean same) {
        return same ? (in + s - 1) / s : (in - k) / s + 1;
    }

    private InputType.InputTypeConvolutional checkInput(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalStateException(
                    "Invalid input for FastConv2D layer (layer name=\""
                            + getLayerName()
                            + "\"): expected CNN input, got "
                            + inputType);
        }
        if (c.getFormat() != CNN2DFormat.NCHW) {
            throw new IllegalStateException(
                    "FastConv2D layer \""
                            + getLayerName()
                            + "\" supports the NCHW (channels first) format only, got "
                            + c.getFormat());
        }
        return c;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional c = checkInput(inputType);
        boolean same = isSame();
        if (!same && (c.getHeight() < kernelSize[0] || c.getWidth() < kernelSize[1])) {
            throw new IllegalStateException(
                    "FastConv2D layer \""
                            + getLayerName()
                            + "\" (valid padding): input "
                            + c.getHeight()
                            + "x"
                            + c.getWidth()
                            + " is smaller than the kernel "
                            + kernelSize[0]
                            + "x"
                            + kernelSize[1]);
        }
        return InputType.convolutional(
                outSize(c.getHeight(), kernelSize[0], stride[0], same),
                outSize(c.getWidth(), kernelSize[1], stride[1], same),
                nOut,
                CNN2DFormat.NCHW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional c = checkInput(inputType);
        if (nIn <= 0 || override) {
            this.nIn = c.getChannels();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        if (inputType == null) {
            throw new IllegalStateException(
                    "Invalid input for FastConv2D layer (layer name=\""
                            + getLayerName()
                            + "\"): input is null");
        }
        // CNNFlat -> FeedForwardToCnnPreProcessor, CNN -> none
        return InputTypeUtil.getPreProcessorForInputTypeCnnLayers(inputType, getLayerName());
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long paramSize = initializer().numParams(this);
        long updaterStateSize = getIUpdater() == null ? 0 : getIUpdater().stateSize(paramSize);
        InputType outputType = getOutputType(-1, inputType);
        // the native op's im2col buffer (generic build) or oneDNN scratch: about one im2col matrix
        // per example
        InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) outputType;
        long im2colPerEx = nIn * o.getHeight() * o.getWidth() * kernelSize[0] * kernelSize[1];
        // training: the pre-activation kept for backprop + the im2col buffer of conv2d_bp
        long trainPerEx = outputType.arrayElementsPerExample() + im2colPerEx;
        if (getIDropout() != null) {
            trainPerEx += inputType.arrayElementsPerExample();
        }
        return new LayerMemoryReport.Builder(layerName, FastConv2D.class, inputType, outputType)
                .standardMemory(paramSize, updaterStateSize)
                .workingMemory(0, im2colPerEx, 0, trainPerEx)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public FastConv2D clone() {
        FastConv2D c = (FastConv2D) super.clone();
        c.kernelSize = kernelSize == null ? null : kernelSize.clone();
        c.stride = stride == null ? null : stride.clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FastConv2D f) || !super.equals(o)) {
            return false;
        }
        return hasBias == f.hasBias
                && Arrays.equals(kernelSize, f.kernelSize)
                && Arrays.equals(stride, f.stride)
                && convolutionMode == f.convolutionMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                super.hashCode(),
                Arrays.hashCode(kernelSize),
                Arrays.hashCode(stride),
                convolutionMode,
                hasBias);
    }

    @Override
    public String toString() {
        return "FastConv2D(name="
                + getLayerName()
                + ", nIn="
                + nIn
                + ", nOut="
                + nOut
                + ", kernel="
                + Arrays.toString(kernelSize)
                + ", stride="
                + Arrays.toString(stride)
                + ", mode="
                + convolutionMode
                + ", hasBias="
                + hasBias
                + ", activation="
                + getActivationFn()
                + ")";
    }

    // ---- builder ---------------------------------------------------------------------------

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int[] kernelSize = {3, 3};
        private int[] stride = {1, 1};
        private ConvolutionMode convolutionMode = ConvolutionMode.Same;
        private boolean hasBias = true;

        /** Square k×k kernel (default 3). */
        public Builder kernelSize(int k) {
            return kernelSize(k, k);
        }

        public Builder kernelSize(int kH, int kW) {
            this.kernelSize = new int[] {positive(kH, "kernel"), positive(kW, "kernel")};
            return this;
        }

        /** Stride along both axes (default 1). */
        public Builder stride(int s) {
            return stride(s, s);
        }

        public Builder stride(int sH, int sW) {
            this.stride = new int[] {positive(sH, "stride"), positive(sW, "stride")};
            return this;
        }

        /** {@link ConvolutionMode#Same} (default) or {@link ConvolutionMode#Truncate} (= valid). */
        public Builder convolutionMode(ConvolutionMode mode) {
            if (mode != ConvolutionMode.Same && mode != ConvolutionMode.Truncate) {
                throw new IllegalArgumentException(
                        "FastConv2D supports ConvolutionMode Same or Truncate (valid), got "
                                + mode);
            }
            this.convolutionMode = mode;
            return this;
        }

        /** true: same padding; false: valid (no padding). */
        public Builder same(boolean same) {
            return convolutionMode(same ? ConvolutionMode.Same : ConvolutionMode.Truncate);
        }

        public Builder hasBias(boolean hasBias) {
            this.hasBias = hasBias;
            return this;
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException("FastConv2D " + what + " must be ≥ 1, got " + v);
            }
            return v;
        }

        @Override
        @SuppressWarnings("unchecked")
        public FastConv2D build() {
            return new FastConv2D(this);
        }
    }
}
