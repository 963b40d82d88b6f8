package dl.style;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.LayerSpec;
import dl.spec.StyleSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * dJ/dG from SameDiff against the two-sided difference quotient of J itself, for every pixel of a
 * tiny G, in double precision: the content, style and total-variation terms all contribute.
 */
class StyleGradientTest {
    private static Picture random(Random r, int c, int h, int w) {
        float[] planes = new float[c * h * w];
        for (int i = 0; i < planes.length; i++) planes[i] = 30 + 195 * r.nextFloat();
        return new Picture(c, h, w, planes);
    }

    @Test
    void gradientOfJWithRespectToThePixelsMatchesTheDifferenceQuotient() {
        StyleSpec.RandomNetwork spec =
                new StyleSpec.RandomNetwork(
                        7L,
                        List.of(
                                new LayerSpec.Conv2d(4, 3, null, null, null, null, "a", null),
                                new LayerSpec.MaxPool(2, 2, "p", null),
                                new LayerSpec.Conv2d(6, 3, null, null, null, null, "b", null),
                                new LayerSpec.AvgPool(2, 2, "q", null),
                                new LayerSpec.Conv2d(5, 1, null, null, null, null, "c", null)));
        FeatureNetwork net = RandomFilters.network(spec);
        Random r = new Random(3);
        Picture content = random(r, 3, 4, 6);
        Picture style = random(r, 3, 4, 6);
        Map<String, Double> layers = new LinkedHashMap<>();
        layers.put("a", 0.5);
        layers.put("b", 0.3);
        layers.put("c", 0.2);
        INDArray start = random(r, 3, 4, 6).toArray(DataType.DOUBLE);
        StyleProblem problem =
                new StyleProblem(
                        net,
                        content,
                        List.of(new StyleProblem.Style(style, 1.0)),
                        new StyleProblem.Weights("b", layers, 1.0, 100.0, 0.5),
                        start,
                        DataType.DOUBLE);
        StyleProblem.Costs at = problem.evaluate();
        assertTrue(at.content() > 0 && at.style() > 0 && at.totalVariation() > 0, at.toString());
        INDArray analytic = at.gradient().dup().reshape(start.length());
        INDArray g = problem.image().reshape(start.length());
        double[] numeric = new double[(int) start.length()];
        double eps = 1e-3;
        for (int i = 0; i < numeric.length; i++) {
            double x = g.getDouble(i);
            g.putScalar(i, x + eps);
            double plus = problem.total();
            g.putScalar(i, x - eps);
            double minus = problem.total();
            g.putScalar(i, x);
            numeric[i] = (plus - minus) / (2 * eps);
        }
        double diff = 0;
        double a = 0;
        double n = 0;
        for (int i = 0; i < numeric.length; i++) {
            double gi = analytic.getDouble(i);
            diff += (gi - numeric[i]) * (gi - numeric[i]);
            a += gi * gi;
            n += numeric[i] * numeric[i];
        }
        double relative = Math.sqrt(diff) / (Math.sqrt(a) + Math.sqrt(n));
        assertTrue(relative < 1e-5, "relative difference " + relative);
        assertEquals(at.total(), problem.evaluate().total(), 1e-12, "G is back where it was");
    }
}
