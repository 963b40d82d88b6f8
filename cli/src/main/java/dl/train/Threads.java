package dl.train;

import dl.model.FastConv2D;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's thread count for the model at hand. ./dl starts the process with OpenMP at all of the
 * job's cores and names a smaller count for the other models in {@value #DENSE_PROPERTY}; models
 * without convolutions or pooling drop to it here, before training. Measured on 2 cores, epoch
 * seconds of scripts/BenchLoop (OpenBLAS at 1 thread in both): the LeNet-style CNN 24.0 s at 1
 * thread, 17.3 s at 2 (oneDNN's convolutions split the batch); the MLP 2.05 s at 1 thread, 2.5 s at
 * 2 (its matrices are too small to pay for the hand-over between threads). Without the property
 * (OMP_NUM_THREADS set by the user, or dl run outside ./dl) nothing changes.
 */
public final class Threads {
    public static final String DENSE_PROPERTY = "dl.threads.dense";

    private Threads() {}

    /**
     * Lowers ND4J's threads to {@value #DENSE_PROPERTY} when the graph has no convolution or
     * pooling layer.
     */
    public static void forModel(ComputationGraph graph) {
        Integer dense = Integer.getInteger(DENSE_PROPERTY);
        if (dense == null || dense < 1 || convolutional(graph)) return;
        set(dense);
    }

    /**
     * At most {@code threads} from now: for several trainings sharing this process's cores (a local
     * Spark master's tasks).
     */
    public static void atMost(int threads) {
        if (threads < Nd4j.getEnvironment().maxThreads()) set(threads);
    }

    /**
     * Threads ND4J (its own pool and OpenMP, which oneDNN uses) runs ops on; it can lower the count
     * it started with.
     */
    static void set(int threads) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }

    static boolean convolutional(ComputationGraph graph) {
        for (var vertex : graph.getConfiguration().getVertices().values()) {
            if (vertex instanceof LayerVertex lv && isConvolution(lv.getLayerConf().getLayer()))
                return true;
        }
        return false;
    }

    private static boolean isConvolution(Layer layer) {
        if (layer instanceof FrozenLayer f) return isConvolution(f.getLayer());
        if (layer instanceof FrozenLayerWithBackprop f) return isConvolution(f.getUnderlying());
        return layer instanceof ConvolutionLayer
                || layer instanceof FastConv2D
                || layer instanceof SubsamplingLayer;
    }
}
