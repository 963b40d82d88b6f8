package dl.train;

import dl.data.Dataset;
import dl.spec.ExperimentSpec.Task;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Rows of a dataset as DL4J tensors: features, labels in the output layer's encoding, label masks. */
public final class Batches {
    /** Inference needs no gradients: chunks big enough to keep the native calls few, small enough for CNN activations. */
    private static final int PREDICT_CHUNK = 512;

    private Batches() {
    }

    public static INDArray features(Dataset d, int[] rows, DataType type) {
        int f = d.features();
        float[] flat = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) System.arraycopy(d.x()[rows[i]], 0, flat, i * f, f);
        return Nd4j.create(flat, new long[] {rows.length, f}, 'c').castTo(type);
    }

    public static MultiDataSet batch(Dataset d, int[] rows, Task task, int outputs, DataType type) {
        return batch(d, rows, task, outputs, type, null);
    }

    /** @param transform rewrites the batch's feature rows (augmentation); null keeps them */
    public static MultiDataSet batch(Dataset d, int[] rows, Task task, int outputs, DataType type,
                                     java.util.function.UnaryOperator<float[][]> transform) {
        INDArray x;
        if (transform == null) {
            x = features(d, rows, type);
        } else {
            float[][] picked = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) picked[i] = d.x()[rows[i]];
            float[][] changed = transform.apply(picked);
            x = features(d.withX(changed), range(rows.length), type);
        }
        float[] labels = new float[rows.length * outputs];
        float[] mask = null;
        switch (task) {
            case BINARY -> {
                for (int i = 0; i < rows.length; i++) labels[i] = d.y()[rows[i]];
            }
            case MULTICLASS, LANGUAGE_MODEL -> {
                for (int i = 0; i < rows.length; i++) labels[i * outputs + d.y()[rows[i]]] = 1f;
            }
            case MULTILABEL, REGRESSION -> {
                for (int i = 0; i < rows.length; i++) System.arraycopy(d.targets()[rows[i]], 0, labels, i * outputs, outputs);
                if (d.known() != null) {
                    // unknown labels are masked out of the loss, per output
                    mask = new float[rows.length * outputs];
                    for (int i = 0; i < rows.length; i++) {
                        boolean[] k = d.known()[rows[i]];
                        for (int j = 0; j < outputs; j++) mask[i * outputs + j] = k[j] ? 1f : 0f;
                    }
                }
            }
        }
        long[] shape = {rows.length, outputs};
        INDArray y = Nd4j.create(labels, shape, 'c').castTo(type);
        INDArray m = mask == null ? null : Nd4j.create(mask, shape, 'c').castTo(type);
        return new MultiDataSet(new INDArray[] {x}, new INDArray[] {y}, null, m == null ? null : new INDArray[] {m});
    }

    /** The network's outputs (probabilities or values) for every row, in order. */
    public static float[][] predict(ComputationGraph graph, Dataset d, DataType type) {
        int n = d.size();
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += PREDICT_CHUNK) {
            int end = Math.min(n, start + PREDICT_CHUNK);
            int[] rows = new int[end - start];
            for (int i = 0; i < rows.length; i++) rows[i] = start + i;
            INDArray o = graph.output(false, features(d, rows, type))[0];
            // one bulk copy: toFloatMatrix() makes a native view per row, which costs more than the forward pass
            float[] flat = o.castTo(DataType.FLOAT).dup('c').data().asFloat();
            int k = (int) o.size(1);
            for (int i = 0; i < rows.length; i++) out[start + i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
            NativeMemory.collectIfGrown();
        }
        return out;
    }

    public static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
