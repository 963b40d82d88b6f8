package dl.style;

import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One step of a fixed network as SameDiff ops on NCHW activations. The network's weights enter the
 * graph as constants, so the only gradient SameDiff computes is the one of the image.
 */
sealed interface FeatureOp {
    SDVariable apply(SameDiff sd, SDVariable x);

    /** The same step with its arrays in {@code type} (float64 for gradient checks). */
    FeatureOp castTo(DataType type);

    /** The step in a few words, for `dl validate`. */
    String describe();

    /**
     * A convolution: {@code weights} [kH, kW, in, out] (SameDiff's layout), {@code bias} [out] or
     * null, then the activation; {@code same} pads as TensorFlow does (the extra row and column at
     * the bottom and right), else {@code padding} [top/bottom, left/right] explicit.
     */
    record Conv(
            INDArray weights,
            INDArray bias,
            int[] stride,
            int[] padding,
            int[] dilation,
            boolean same,
            Activation activation)
            implements FeatureOp {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            long[] k = weights.shape();
            Conv2DConfig c =
                    Conv2DConfig.builder()
                            .kH(k[0])
                            .kW(k[1])
                            .sH(stride[0])
                            .sW(stride[1])
                            .pH(padding[0])
                            .pW(padding[1])
                            .dH(dilation[0])
                            .dW(dilation[1])
                            .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
                            .build();
            SDVariable w = sd.constant(weights);
            SDVariable y =
                    bias == null
                            ? sd.cnn().conv2d(x, w, c)
                            : sd.cnn().conv2d(x, w, sd.constant(bias), c);
            return activation.apply(sd, y);
        }

        @Override
        public FeatureOp castTo(DataType type) {
            return new Conv(
                    weights.castTo(type),
                    bias == null ? null : bias.castTo(type),
                    stride,
                    padding,
                    dilation,
                    same,
                    activation);
        }

        @Override
        public String describe() {
            long[] k = weights.shape();
            return "conv "
                    + k[0]
                    + "×"
                    + k[1]
                    + ", "
                    + k[3]
                    + " filters"
                    + (stride[0] > 1 || stride[1] > 1 ? ", stride " + stride[0] : "")
                    + (same ? ", same" : ", valid")
                    + activation.suffix();
        }
    }

    /**
     * Max or average pooling; {@code includePadding} is DL4J's {@code avgPoolIncludePadInDivisor},
     * passed to libnd4j's average pooling as DL4J passes it.
     */
    record Pool(
            boolean max,
            int[] kernel,
            int[] stride,
            int[] padding,
            boolean same,
            boolean includePadding)
            implements FeatureOp {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            Pooling2DConfig c =
                    Pooling2DConfig.builder()
                            .kH(kernel[0])
                            .kW(kernel[1])
                            .sH(stride[0])
                            .sW(stride[1])
                            .pH(padding[0])
                            .pW(padding[1])
                            .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
                            // libnd4j reads the divisor from `extra`, not `divisor` (M2.1),
                            // and DL4J's SubsamplingLayer passes its flag as 1 or 0
                            .extra(includePadding ? 1 : 0)
                            .build();
            return max ? sd.cnn().maxPooling2d(x, c) : sd.cnn().avgPooling2d(x, c);
        }

        @Override
        public FeatureOp castTo(DataType type) {
            return this;
        }

        @Override
        public String describe() {
            return (max ? "max" : "average")
                    + " pool "
                    + kernel[0]
                    + "×"
                    + kernel[1]
                    + ", stride "
                    + stride[0];
        }
    }

    /**
     * x·scale + shift per channel, then the activation: batch normalization at inference, and the
     * input scaling a network was trained with. {@code scale} and {@code shift} are [1, C, 1, 1].
     */
    record Affine(INDArray scale, INDArray shift, Activation activation) implements FeatureOp {
        /** (x − shift[c]) / divisor[c]. */
        static Affine perChannel(double[] shift, double[] divisor) {
            double[] scale = new double[shift.length];
            double[] offset = new double[shift.length];
            for (int c = 0; c < shift.length; c++) {
                scale[c] = 1 / divisor[c];
                offset[c] = -shift[c] / divisor[c];
            }
            return new Affine(channelVector(scale), channelVector(offset), Activation.IDENTITY);
        }

        /** [1, C, 1, 1] in float32, to broadcast over NCHW activations. */
        static INDArray channelVector(double[] values) {
            return Nd4j.create(values, new long[] {1, values.length, 1, 1}, DataType.DOUBLE)
                    .castTo(DataType.FLOAT);
        }

        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return activation.apply(sd, x.mul(sd.constant(scale)).add(sd.constant(shift)));
        }

        @Override
        public FeatureOp castTo(DataType type) {
            return new Affine(scale.castTo(type), shift.castTo(type), activation);
        }

        @Override
        public String describe() {
            return "per-channel scale and shift" + activation.suffix();
        }
    }

    /** An activation layer alone. */
    record Act(Activation activation) implements FeatureOp {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return activation.apply(sd, x);
        }

        @Override
        public FeatureOp castTo(DataType type) {
            return this;
        }

        @Override
        public String describe() {
            return activation.kind().name().toLowerCase(Locale.ROOT);
        }
    }

    /** A step that is the identity at inference (dropout). */
    record Identity(String what) implements FeatureOp {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return x;
        }

        @Override
        public FeatureOp castTo(DataType type) {
            return this;
        }

        @Override
        public String describe() {
            return what + " (identity at inference)";
        }
    }
}
