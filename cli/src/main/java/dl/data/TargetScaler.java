package dl.data;

import com.fasterxml.jackson.databind.JsonNode;
import dl.run.Json;

/**
 * Standardizes regression targets with training statistics, so the output layer starts near the
 * right scale whatever the units (prices in thousands train as fast as fractions); predictions are
 * scaled back before any metric is computed, so every reported number is in the data's own units.
 */
public record TargetScaler(double[] mean, double[] std) {

    public static TargetScaler fit(Dataset train) {
        int k = train.targets()[0].length;
        double[] mean = new double[k];
        double[] std = new double[k];
        int n = train.size();
        for (float[] t : train.targets()) for (int j = 0; j < k; j++) mean[j] += t[j] / (double) n;
        for (float[] t : train.targets())
            for (int j = 0; j < k; j++) std[j] += Math.pow(t[j] - mean[j], 2) / n;
        for (int j = 0; j < k; j++) std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1.0;
        return new TargetScaler(mean, std);
    }

    public Dataset scale(Dataset d) {
        float[][] out = new float[d.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] t = d.targets()[i];
            out[i] = new float[t.length];
            for (int j = 0; j < t.length; j++) out[i][j] = (float) ((t[j] - mean[j]) / std[j]);
        }
        return DatasetBuilder.builder(d).targets(out).build();
    }

    public double[] unscale(float[] scaled) {
        double[] out = new double[scaled.length];
        for (int j = 0; j < out.length; j++) out[j] = scaled[j] * std[j] + mean[j];
        return out;
    }

    /**
     * What a saved model keeps of the scaling: each target's training mean and standard deviation.
     */
    public record State(double[] mean, double[] std) {}

    public JsonNode toJson() {
        return Json.tree(new State(mean, std));
    }

    public static TargetScaler fromJson(JsonNode json) {
        State st = Json.fromTree(json, State.class);
        return new TargetScaler(st.mean(), st.std());
    }
}
