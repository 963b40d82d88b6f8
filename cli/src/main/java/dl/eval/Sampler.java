package dl.eval;

import dl.data.Dataset;
import dl.data.Vocabulary;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.run.ModelMeta;
import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.tensor.Batches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * New sequences from a trained language model: each next token is drawn from the model's
 * distribution sharpened ({@code temperature} &lt; 1) or flattened (&gt; 1) as p^(1/T), until
 * {@code <EOS>} or the length limit. {@code <UNK>} is never drawn, nor {@code <EOS>} as the first
 * token (no empty sequences).
 */
public final class Sampler {
    private Sampler() {}

    /**
     * @param prefix text every sample starts with ("" for none)
     * @param maxLength tokens per sample at most, the prefix included; null: the longest training
     *     sequence
     */
    public static List<String> sample(
            RunFolder run,
            String checkpoint,
            int n,
            double temperature,
            String prefix,
            Integer maxLength,
            long seed) {
        if (n < 1) throw new ConfigException("--n: must be at least 1, found " + n);
        if (!(temperature > 0) || Double.isInfinite(temperature))
            throw new ConfigException("--temperature: must be above 0, found " + temperature);
        if (maxLength != null && maxLength < 1)
            throw new ConfigException("--max-length: must be at least 1, found " + maxLength);
        Path model = EvalService.checkpointFile(PredictService.requireRun(run), checkpoint);
        ModelStore.Saved saved = PredictService.load(model);
        ModelMeta meta = saved.meta();
        Task task = PredictService.task(meta, model.toString());
        if (task != Task.LANGUAGE_MODEL || meta.vocabulary() == null) {
            throw new ConfigException(
                    run.dir()
                            + ": dl sample needs a language model (task: language_model), this run is "
                            + task.yamlName()
                            + ": use dl predict");
        }
        ExperimentSpec spec = PredictService.spec(saved.configYaml(), model.toString());
        Vocabulary vocab = Vocabulary.fromJson(meta.vocabulary());
        int limit = maxLength != null ? maxLength : meta.inputShape()[0];
        int[] start = vocab.encode(prefix, null);
        if (start.length >= limit)
            throw new ConfigException(
                    "--prefix: has " + start.length + " tokens, --max-length is " + limit);
        InputEncoding enc =
                InputEncoding.of(
                        spec,
                        new dl.model.ModelShape(
                                task, new int[] {limit}, vocab.size(), vocab.size()));
        DataType type = ModelFactory.dataType(spec.train().precision());
        return generate(
                saved.graph(), vocab, enc, type, n, temperature, start, limit, new Random(seed));
    }

    static List<String> generate(
            ComputationGraph graph,
            Vocabulary vocab,
            InputEncoding enc,
            DataType type,
            int n,
            double temperature,
            int[] start,
            int limit,
            Random random) {
        int[][] tokens = new int[n][];
        for (int i = 0; i < n; i++) tokens[i] = start.clone();
        boolean[] done = new boolean[n];
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        for (int length = start.length; length < limit; length++) {
            // the whole prefix again each step: works for every sequence layer, and samples are
            // short
            float[][] x = new float[n][];
            for (int i = 0; i < n; i++) {
                // finished samples stay shorter: the batch pads and masks them
                x[i] = new float[tokens[i].length];
                for (int j = 0; j < x[i].length; j++) x[i][j] = tokens[i][j];
            }
            Dataset d =
                    new Dataset(
                            x,
                            null,
                            null,
                            null,
                            vocab.tokens(),
                            vocab.tokens(),
                            new String[n],
                            new int[] {length},
                            null,
                            vocab,
                            null);
            INDArray out = Batches.output(graph, Batches.features(d, rows, enc, type));
            float[] p = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
            int v = (int) out.size(1);
            int t = (int) out.size(2);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (done[i]) continue;
                double[] w = new double[v];
                for (int c = 0; c < v; c++)
                    w[c] = Math.pow(Math.max(p[(i * v + c) * t + length], 0), 1 / temperature);
                w[Vocabulary.UNK_ID] = 0;
                if (length == 0) w[Vocabulary.EOS_ID] = 0;
                int next = draw(w, random);
                if (next == Vocabulary.EOS_ID) {
                    done[i] = true;
                } else {
                    tokens[i] = Arrays.copyOf(tokens[i], length + 1);
                    tokens[i][length] = next;
                    any = true;
                }
            }
            if (!any) break;
        }
        List<String> out = new ArrayList<>(n);
        for (int[] s : tokens) out.add(vocab.decode(s));
        return out;
    }

    private static int draw(double[] w, Random random) {
        double total = 0;
        for (double x : w) total += x;
        if (!(total > 0)) {
            // a temperature so low that every weight underflowed: the most likely token
            int best = 0;
            for (int c = 1; c < w.length; c++) if (w[c] > w[best]) best = c;
            return best;
        }
        double u = random.nextDouble() * total;
        for (int c = 0; c < w.length; c++) {
            u -= w[c];
            if (u < 0) return c;
        }
        return w.length - 1;
    }
}
