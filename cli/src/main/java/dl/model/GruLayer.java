package dl.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.autodiff.util.SameDiffUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GRU (gated recurrent unit, Cho et al. 2014) recurrent layer for DL4J 1.0.0-M2.1, which has
 * none, written as a {@link SameDiffLayer}.
 *
 * <p>Layout is DL4J's recurrent NCW: input {@code [minibatch, nIn, T]}, output {@code [minibatch,
 * nOut, T]}, the hidden state after every step; the initial state h<sub>-1</sub> is zero. With n =
 * nOut the parameters are
 *
 * <ul>
 *   <li>{@code W} input weights {@code [nIn, 3n]},
 *   <li>{@code RW} recurrent weights {@code [n, 3n]},
 *   <li>{@code b} bias {@code [3n]},
 * </ul>
 *
 * each split into three column blocks of width n in the order <b>reset r, update u, candidate c</b>
 * (libnd4j's {@code gru} op order): W = [W<sub>r</sub> | W<sub>u</sub> | W<sub>c</sub>], likewise
 * RW and b. For every step t, with x<sub>t</sub> a {@code [mb, nIn]} row block, × a matrix product
 * and ⊙ the element-wise product:
 *
 * <pre>
 *   r_t = sigmoid(x_t × W_r + h_{t-1} × RW_r + b_r)
 *   u_t = sigmoid(x_t × W_u + h_{t-1} × RW_u + b_u)
 *   c_t = tanh   (x_t × W_c + b_c + r_t ⊙ (h_{t-1} × RW_c))
 *   h_t = u_t ⊙ h_{t-1} + (1 − u_t) ⊙ c_t
 * </pre>
 *
 * The reset gate multiplies the recurrent <i>product</i> h<sub>t-1</sub> × RW<sub>c</sub> ("reset
 * after", as cuDNN and Keras' default {@code reset_after=True}, with the single bias b<sub>c</sub>
 * outside the gate, i.e. Keras' recurrent bias fixed at 0). This is exactly what libnd4j's fused
 * {@code gru} op computes forward (checked numerically, though the op's own comments describe (r ⊙
 * h) × RW<sub>c</sub>).
 *
 * <p><b>Implementation.</b> libnd4j's fused op ({@code sd.rnn().gru}) computes the forward pass
 * correctly, but in 1.0.0-M2.1 its backward op {@code gru_bp} returns wrong gradients (off by up to
 * 0.2 absolute, for every parameter, on a 4-step sequence). So:
 *
 * <ul>
 *   <li>forward passes ({@code activate}: inference, and the forward pass of training) run the
 *       fused op, one op for all steps and any T ({@link #defineNativeForward});
 *   <li>backward passes run the equations above written directly in SameDiff ({@link
 *       #defineLayer}): one matrix product x × W + b for all steps at once, then the recurrence
 *       unrolled over the T steps (per step one [mb, n] × [n, 3n] product and element-wise ops),
 *       differentiated by SameDiff. An unrolled graph has a fixed T, and DL4J's runtime SameDiff
 *       layer builds a single graph from the first input's shape (so DL4J's own unrolled SameDiff
 *       layers accept one sequence length only); this layer's runtime class keeps one backward
 *       graph per sequence length (the last {@value #MAX_GRAPHS} used), so T may change from call
 *       to call.
 * </ul>
 *
 * Both compute the same function (equal to 1e-16 in double), which the gradient check in the tests
 * confirms: its numerical gradients come from the fused forward op, its analytic ones from the
 * SameDiff graph.
 *
 * <p><b>Masks</b> ({@code [mb, T]}, 1 = real step, 0 = padding; padding only at the end): outputs
 * at padded steps are set to 0 (as DL4J's LSTM does); since padding is at the end, real steps never
 * depend on padded ones. The mask is passed on unchanged ({@link #feedForwardMaskArray}) so a
 * following {@code RnnOutputLayer} or {@code LastTimeStepVertex} sees it.
 *
 * <p>Not a DL4J {@code RecurrentLayer}: every call starts from h = 0 ({@code rnnTimeStep} keeps no
 * state, no truncated BPTT), and layer dropout is not applied (DL4J's SameDiff layers ignore it).
 *
 * <p>Initialization: {@code W} with the layer's weight init (fanIn nIn, fanOut 3n; {@link
 * WeightInit#XAVIER} by default), {@code RW} likewise (fanIn n, fanOut 3n), {@code b} zero; a
 * per-parameter {@link IWeightInit} given via {@code Builder.weightInit(param, init)} takes
 * precedence. Works in float and double. The configuration is bean properties (nIn, nOut,
 * weightInit), so DL4J's JSON and {@code ModelSerializer} handle it.
 *
 * <pre>
 * new GruLayer.Builder().nIn(28).nOut(64).build()
 * </pre>
 */
public class GruLayer extends SameDiffLayer {
    public static final String WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";

    /** Number of per-sequence-length graphs a layer instance keeps. */
    static final int MAX_GRAPHS = 16;

    private long nIn;
    private long nOut;

    /** For JSON deserialization. */
    public GruLayer() {}

    private GruLayer(Builder b) {
        super(b);
        this.nIn = b.nIn;
        this.nOut = b.nOut;
    }

    // ---- bean properties (serialized) ------------------------------------------------------

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
        setLayerParams(null); // parameter shapes depend on nIn: let them be defined again
    }

    public long getNOut() {
        return nOut;
    }

    public void setNOut(long nOut) {
        this.nOut = nOut;
        setLayerParams(null);
    }

    // ---- DL4J layer configuration ----------------------------------------------------------

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeRecurrent r = recurrent(inputType);
        return InputType.recurrent(nOut, r.getTimeSeriesLength(), RNNFormat.NCW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeRecurrent r = recurrent(inputType);
        if (nIn <= 0 || override) {
            setNIn(r.getSize());
        }
    }

    private InputType.InputTypeRecurrent recurrent(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent)) {
            throw new IllegalStateException(
                    "GruLayer \""
                            + getLayerName()
                            + "\": expected a recurrent input type, got "
                            + inputType);
        }
        return (InputType.InputTypeRecurrent) inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(
                inputType, RNNFormat.NCW, getLayerName());
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(WEIGHT_KEY, nIn, 3 * nOut);
        params.addWeightParam(RECURRENT_WEIGHT_KEY, nOut, 3 * nOut);
        params.addBiasParam(BIAS_KEY, 3 * nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            init(params.get(WEIGHT_KEY), WEIGHT_KEY, nIn, 3 * nOut);
            init(params.get(RECURRENT_WEIGHT_KEY), RECURRENT_WEIGHT_KEY, nOut, 3 * nOut);
            params.get(BIAS_KEY).assign(0);
        }
    }

    private void init(INDArray array, String key, long fanIn, long fanOut) {
        IWeightInit perParam = paramWeightInit == null ? null : paramWeightInit.get(key);
        IWeightInit fn =
                perParam != null
                        ? perParam
                        : (weightInit == null ? WeightInit.XAVIER : weightInit)
                                .getWeightInitFunction();
        fn.init(fanIn, fanOut, array.shape(), 'c', array);
    }

    @Override
    public void validateInput(INDArray input) {
        if (input.rank() != 3 || input.size(1) != nIn) {
            throw new IllegalArgumentException(
                    "GruLayer \""
                            + getLayerName()
                            + "\": expected input [minibatch, "
                            + nIn
                            + ", T] (NCW), got "
                            + java.util.Arrays.toString(input.shape()));
        }
    }

    @Override
    public SDVariable defineLayer(
            SameDiff sd, SDVariable input, Map<String, SDVariable> paramTable, SDVariable mask) {
        long[] shape = input.getShape();
        if (shape == null || shape.length != 3 || shape[2] <= 0) {
            throw new IllegalStateException(
                    "GruLayer needs the input placeholder's sequence length, got shape "
                            + java.util.Arrays.toString(shape));
        }
        int steps = (int) shape[2];
        long n = nOut;
        SDVariable w = paramTable.get(WEIGHT_KEY);
        SDVariable rw = paramTable.get(RECURRENT_WEIGHT_KEY);
        SDVariable b = paramTable.get(BIAS_KEY);

        // Gate blocks are taken apart with split (backward: concat), not with strided slices:
        // strided_slice_bp fails
        // in 1.0.0-M2.1 when the minibatch is 1.
        // Input contributions of all steps in one product: [mb, nIn, T] -> [T*mb, nIn] × [nIn, 3n]
        // + b -> [T, mb, 3n]
        SDVariable xw =
                input.permute(2, 0, 1).reshape(-1, nIn).mmul(w).add(b).reshape(steps, -1, 3 * n);
        SDVariable[] xGates =
                sd.split(xw, 3, 2); // x W_r + b_r, x W_u + b_u, x W_c + b_c: [T, mb, n] each
        SDVariable[] xr = sd.unstack(xGates[0], 0, steps);
        SDVariable[] xu = sd.unstack(xGates[1], 0, steps);
        SDVariable[] xc = sd.unstack(xGates[2], 0, steps);

        SDVariable[] hs = new SDVariable[steps];
        // h_{-1} = 0 as a graph value (not a shortcut for step 0): every variable must feed some
        // op, else SameDiff
        // takes a dangling one (RW when T = 1) for the loss instead of DL4J's external-errors
        // output
        SDVariable h = sd.zerosLike(xc[0]);
        for (int t = 0; t < steps; t++) {
            SDVariable[] hGates =
                    sd.split(h.mmul(rw), 3, 1); // h RW_r, h RW_u, h RW_c: [mb, n] each
            SDVariable r = sd.nn().sigmoid(xr[t].add(hGates[0]));
            SDVariable u = sd.nn().sigmoid(xu[t].add(hGates[1]));
            SDVariable c = sd.math().tanh(xc[t].add(r.mul(hGates[2])));
            h = c.add(u.mul(h.sub(c))); // u*h + (1-u)*c
            hs[t] = h;
        }
        SDVariable out = sd.stack(2, hs); // [mb, n, T]
        // mask [mb, T]: zero the outputs at padded steps. The runtime layer passes null and masks
        // outside the graph
        // (multiply_bp with broadcasting is slow in libnd4j: ~15% of a training step)
        return mask == null ? out : out.mul(sd.expandDims(mask, 1));
    }

    /**
     * The forward pass with libnd4j's fused {@code gru} op (same equations, same output as {@link
     * #defineLayer}; its backward op is wrong, so this graph is only ever run forward). Any
     * sequence length; no mask.
     */
    SDVariable defineNativeForward(
            SameDiff sd, SDVariable input, Map<String, SDVariable> paramTable) {
        SDVariable x = input.permute(2, 0, 1); // [T, mb, nIn]
        SDVariable h0Shape =
                sd.concat(
                        0,
                        sd.reshape(sd.sizeAt(input, 0), 1),
                        sd.constant(Nd4j.createFromArray(nOut)));
        SDVariable h0 = sd.fill(h0Shape, input.dataType(), 0.0); // [mb, n]
        SDVariable h =
                sd.rnn()
                        .gru(
                                x,
                                h0,
                                paramTable.get(WEIGHT_KEY),
                                paramTable.get(RECURRENT_WEIGHT_KEY),
                                paramTable.get(BIAS_KEY)); // [T, mb, n]
        return h.permute(1, 2, 0);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(
            INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(
                maskArray, currentMaskState); // one output per input step: the mask passes through
    }

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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GruLayer) || !super.equals(o)) {
            return false;
        }
        GruLayer g = (GruLayer) o;
        return nIn == g.nIn && nOut == g.nOut;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), nIn, nOut);
    }

    @Override
    public String toString() {
        return "GruLayer(name="
                + getLayerName()
                + ", nIn="
                + nIn
                + ", nOut="
                + nOut
                + ", weightInit="
                + weightInit
                + ")";
    }

    /**
     * DL4J's runtime SameDiff layer with two kinds of graph: forward passes ({@link #activate}) run
     * {@link #defineNativeForward} (one fused op, any T); backward passes run {@link #defineLayer},
     * unrolled, one graph per sequence length (the stock runtime builds a single graph from the
     * first input's shape). Masks are applied outside the graphs: to the output, and to epsilon.
     */
    static final class Runtime extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {
        private static final class Graph {
            final SameDiff sameDiff;
            final SDVariable outputVar;
            final ExternalErrorsFunction fn;
            double epsilonScale = 1.0;

            Graph(SameDiff sameDiff, SDVariable outputVar, ExternalErrorsFunction fn) {
                this.sameDiff = sameDiff;
                this.outputVar = outputVar;
                this.fn = fn;
            }
        }

        private Graph forward;
        private final Map<Long, Graph> backward =
                new LinkedHashMap<>(MAX_GRAPHS, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, Graph> eldest) {
                        return size() > MAX_GRAPHS;
                    }
                };

        Runtime(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private GruLayer gru() {
            return (GruLayer) layerConf();
        }

        /**
         * Builds the native forward graph (steps &lt; 0) or the unrolled training graph for {@code
         * steps} steps.
         */
        private Graph build(long steps) {
            GruLayer conf = gru();
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                SameDiff sd = SameDiff.create();
                // as the superclass: single-threaded array holders, so that parameter views can be
                // used
                sd.setArrayHolders(
                        new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
                SDVariable in =
                        sd.placeHolder(
                                INPUT_KEY, dataType, -1, conf.getNIn(), steps < 0 ? -1 : steps);
                sd.placeHolder(
                        MASK_KEY, dataType, -1,
                        -1); // the superclass feeds it; masking happens outside
                Map<String, SDVariable> vars = new LinkedHashMap<>();
                for (Map.Entry<String, long[]> e :
                        conf.getLayerParams().getParamShapes().entrySet()) {
                    vars.put(e.getKey(), sd.var(e.getKey(), dataType, e.getValue()));
                }
                SDVariable out =
                        steps < 0
                                ? conf.defineNativeForward(sd, in, vars)
                                : conf.defineLayer(sd, in, vars, null);
                for (Map.Entry<String, INDArray> e : paramTable().entrySet()) {
                    sd.associateArrayWithVariable(e.getValue(), sd.getVariable(e.getKey()));
                }
                if (steps < 0) {
                    return new Graph(sd, out, null);
                }
                ExternalErrorsFunction errors = SameDiffUtils.externalErrors(sd, null, out);
                Graph g = new Graph(sd, out, errors);
                SameDiffGradients.withoutDiffChatter(() -> sd.createGradFunction(INPUT_KEY));
                g.epsilonScale =
                        SameDiffGradients.externalErrorsScale(g.sameDiff, g.outputVar, g.fn);
                return g;
            }
        }

        private void use(Graph g) {
            sameDiff = g.sameDiff;
            outputVar = g.outputVar;
            fn = g.fn;
            outputKey = g.outputVar.name();
        }

        @Override
        protected void doInit() {
            if (forward == null) {
                forward = build(-1);
            }
            use(forward);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            doInit();
            INDArray out = super.activate(training, workspaceMgr);
            if (maskArray != null) {
                applyMask(out, maskArray);
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(
                INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            long steps = input.size(2);
            Graph g = backward.get(steps);
            if (g == null) {
                g = build(steps);
                backward.put(steps, g);
            }
            use(g);
            INDArray eps = epsilon;
            if (g.epsilonScale != 1.0 || maskArray != null) {
                eps = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, epsilon);
                if (g.epsilonScale != 1.0) {
                    eps.muli(g.epsilonScale);
                }
                if (maskArray != null) {
                    applyMask(eps, maskArray);
                }
            }
            return super.backpropGradient(eps, workspaceMgr);
        }

        /** a [mb, n, T] *= mask [mb, T] */
        private static void applyMask(INDArray a, INDArray mask) {
            if (mask.rank() != 2 || mask.size(0) != a.size(0) || mask.size(1) != a.size(2)) {
                throw new IllegalStateException(
                        "GruLayer: expected a mask [minibatch, T] = ["
                                + a.size(0)
                                + ", "
                                + a.size(2)
                                + "], got "
                                + java.util.Arrays.toString(mask.shape()));
            }
            Broadcast.mul(
                    a, mask.dataType() == a.dataType() ? mask : mask.castTo(a.dataType()), a, 0, 2);
        }
    }

    public static class Builder extends SameDiffLayer.Builder<Builder> {
        private long nIn;
        private long nOut;

        /** Input size (features per step); may be left out when the graph sets input types. */
        public Builder nIn(long nIn) {
            this.nIn = nIn;
            return this;
        }

        /** Hidden state size n. */
        public Builder nOut(long nOut) {
            this.nOut = nOut;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GruLayer build() {
            if (nOut <= 0) {
                throw new IllegalArgumentException("GruLayer: nOut must be > 0, got " + nOut);
            }
            return new GruLayer(this);
        }
    }
}
