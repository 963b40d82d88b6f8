package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dl.spec.DataSpec.Normalize;
import dl.spec.DataSpec.Normalize.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    private static final Normalize STANDARDIZE = new Normalize(Kind.STANDARDIZE, 1);
    private static final Normalize MINMAX = new Normalize(Kind.MINMAX, 1);

    private static Dataset rows(float[][] x) {
        String[] origin = new String[x.length];
        List<String> names =
                java.util.stream.IntStream.range(0, x[0].length).mapToObj(i -> "f" + i).toList();
        return Dataset.of(
                x, new int[x.length], List.of("0"), names, origin, new int[] {x[0].length});
    }

    @Test
    void normalizerUsesTrainingStatisticsOnly() {
        Dataset train = rows(new float[][] {{1, 10}, {3, 10}});
        float[][] dev = {{100, 10}, {-100, 12}};
        Normalizer n = Normalizer.fit(train, STANDARDIZE);
        // train mean (2, 10), std (1, 0 → 1): dev is scaled with them, not with its own
        assertArrayEquals(new float[][] {{98, 0}, {-102, 2}}, n.apply(dev));
        assertArrayEquals(new float[][] {{-1, 0}, {1, 0}}, n.apply(train.x()));
        assertArrayEquals(new float[][] {{100, 10}, {-100, 12}}, dev, "the input is left as it is");
    }

    @Test
    void minmaxScaleAndNone() {
        Dataset train = rows(new float[][] {{0, 5}, {4, 5}, {2, 5}});
        assertArrayEquals(
                new float[][] {{0.5f, 0}, {2, 1}},
                Normalizer.fit(train, MINMAX).apply(new float[][] {{2, 5}, {8, 6}}));
        assertArrayEquals(
                new float[][] {{1, 2}},
                Normalizer.fit(train, new Normalize(Kind.SCALE, 255))
                        .apply(new float[][] {{255, 510}}));
        float[][] x = {{3, 4}};
        float[][] same = Normalizer.fit(train, Normalize.NONE).apply(x);
        assertArrayEquals(x, same);
        x[0][0] = 9;
        assertEquals(3, same[0][0], "none copies too");
    }

    @Test
    void imagesUsePerChannelStatistics() {
        // 2 channels of 2×1 pixels: channel 0 holds 0 and 2, channel 1 holds 10 and 30
        float[][] x = {{0, 2, 10, 30}, {0, 2, 10, 30}};
        Dataset images =
                Dataset.of(
                        x,
                        new int[2],
                        List.of("0"),
                        List.of("p0", "p1", "p2", "p3"),
                        new String[2],
                        new int[] {2, 2, 1});
        Normalizer n = Normalizer.fit(images, STANDARDIZE);
        assertArrayEquals(new float[][] {{-1, 1, -1, 1}}, n.apply(new float[][] {x[0]}));
        String json = n.toJson().toString();
        assertTrue(json.contains("\"mean\":[1.0,20.0]"), json);
        assertTrue(json.contains("\"std\":[1.0,10.0]"), json);
    }

    @Test
    void jsonRoundTripThroughJacksonGivesTheSameScaling() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Dataset train = rows(new float[][] {{1, 7, -3}, {4, 7, 0}, {9, 7, 2}});
        float[][] probe = {{2, 8, 1}, {-5, 7, 10}};
        for (Normalize spec :
                List.of(STANDARDIZE, MINMAX, new Normalize(Kind.SCALE, 255), Normalize.NONE)) {
            Normalizer fitted = Normalizer.fit(train, spec);
            String text = mapper.writeValueAsString(fitted.toJson());
            Normalizer loaded = Normalizer.fromJson(mapper.readTree(text));
            assertEquals(spec.kind(), loaded.kind());
            assertArrayEquals(fitted.apply(probe), loaded.apply(probe), text);
        }
    }

    @Test
    void restoreUndoesEachKind() {
        Dataset train = rows(new float[][] {{1, 10, 200}, {3, 10, 0}, {8, 10, 55}});
        float[] row = {5, 12, 100};
        for (Normalize spec :
                List.of(STANDARDIZE, MINMAX, new Normalize(Kind.SCALE, 255), Normalize.NONE)) {
            Normalizer n = Normalizer.fit(train, spec);
            float[] back = n.restore(n.apply(new float[][] {row})[0]);
            assertArrayEquals(row, back, 1e-4f, spec.kind().toString());
        }
    }
}
