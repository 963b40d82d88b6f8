package dl.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dl.run.Json;
import dl.spec.DataSpec;
import dl.spec.DataSpec.Normalize.Kind;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Input scaling with statistics from the training split only, so dev and test are scaled as new
 * data would be; saved with the model ({@link #toJson}) and applied again at prediction.
 *
 * <p>Every value becomes (x − shift) / divisor, with shift and divisor per group of features:
 *
 * <ul>
 *   <li>{@code standardize}: mean and population standard deviation; a constant feature gets
 *       divisor 1 instead of 0;
 *   <li>{@code minmax}: minimum and max − min; a constant feature gets divisor 1;
 *   <li>{@code scale}: shift 0 and the given divisor for every value;
 *   <li>{@code none}: values unchanged.
 * </ul>
 *
 * Groups are single features, except for images (shape [channels, height, width]) where standardize
 * and minmax use one statistic per channel, as pixels of a channel share a meaning.
 */
public final class Normalizer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Kind kind;
    private final int[] shape;
    private final double[] shift;
    private final double[] divisor;

    /** Features per statistic: a whole channel for images, else one. */
    private final int perGroup;

    private Normalizer(Kind kind, int[] shape, double[] shift, double[] divisor) {
        this.kind = kind;
        this.shape = shape.clone();
        this.shift = shift;
        this.divisor = divisor;
        this.perGroup = shape.length == 3 ? shape[1] * shape[2] : 1;
    }

    /** The statistics of the training split; the other splits are never looked at. */
    public static Normalizer fit(Dataset train, DataSpec.Normalize spec) {
        Kind kind = spec.kind();
        int[] shape = train.shape();
        switch (kind) {
            case NONE:
                return new Normalizer(kind, shape, new double[0], new double[0]);
            case SCALE:
                return new Normalizer(kind, shape, new double[] {0}, new double[] {spec.scale()});
            default:
                break;
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException(
                    "cannot fit " + kind.yamlName() + " on an empty training split");
        }
        int features = train.features();
        int perGroup = shape.length == 3 ? shape[1] * shape[2] : 1;
        int groups = features / perGroup;
        float[][] x = train.x();
        double[] shift = new double[groups];
        double[] divisor = new double[groups];
        if (kind == Kind.STANDARDIZE) {
            double[] sum = new double[groups];
            for (float[] row : x) {
                for (int f = 0; f < features; f++) {
                    sum[f / perGroup] += row[f];
                }
            }
            double count = (double) x.length * perGroup;
            for (int g = 0; g < groups; g++) {
                shift[g] = sum[g] / count;
            }
            // two passes, so a constant feature has exactly zero variance
            double[] squares = new double[groups];
            for (float[] row : x) {
                for (int f = 0; f < features; f++) {
                    double d = row[f] - shift[f / perGroup];
                    squares[f / perGroup] += d * d;
                }
            }
            for (int g = 0; g < groups; g++) {
                double std = Math.sqrt(squares[g] / count);
                divisor[g] = std == 0 ? 1 : std;
            }
        } else {
            double[] max = new double[groups];
            Arrays.fill(shift, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (float[] row : x) {
                for (int f = 0; f < features; f++) {
                    int g = f / perGroup;
                    shift[g] = Math.min(shift[g], row[f]);
                    max[g] = Math.max(max[g], row[f]);
                }
            }
            for (int g = 0; g < groups; g++) {
                double range = max[g] - shift[g];
                divisor[g] = range == 0 ? 1 : range;
            }
        }
        return new Normalizer(kind, shape, shift, divisor);
    }

    public Kind kind() {
        return kind;
    }

    /** Normalizes every row where it is. */
    public void applyInPlace(float[][] x) {
        for (float[] row : x) transform(row, row);
    }

    /** A normalized copy; the input is left as it is. */
    public float[][] apply(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new float[x[i].length];
            transform(x[i], out[i]);
        }
        return out;
    }

    /** One row's normalized values into {@code r} (which may be {@code row} itself). */
    private void transform(float[] row, float[] r) {
        if (kind == Kind.NONE) {
            if (r != row) System.arraycopy(row, 0, r, 0, row.length);
        } else if (kind == Kind.SCALE) {
            for (int f = 0; f < row.length; f++) r[f] = (float) (row[f] / divisor[0]);
        } else {
            if (row.length != shift.length * perGroup) {
                throw new IllegalArgumentException(
                        "normalizer fitted on "
                                + shift.length * perGroup
                                + " features, applied to a row of "
                                + row.length);
            }
            for (int f = 0; f < row.length; f++) {
                int g = f / perGroup;
                r[f] = (float) ((row[f] - shift[g]) / divisor[g]);
            }
        }
    }

    /**
     * A normalized row back in the values as loaded (an image's 0..255 pixels), as a new array: the
     * report draws dev images from the normalized split, which is all that is kept.
     */
    public float[] restore(float[] row) {
        float[] r = new float[row.length];
        for (int f = 0; f < row.length; f++) {
            r[f] =
                    switch (kind) {
                        case NONE -> row[f];
                        case SCALE -> (float) (row[f] * divisor[0]);
                        default -> (float) (row[f] * divisor[f / perGroup] + shift[f / perGroup]);
                    };
        }
        return r;
    }

    /** The same examples, normalized. */
    public Dataset apply(Dataset data) {
        return data.withX(apply(data.x()));
    }

    /**
     * What a saved model keeps of the normalizer: {@code {kind: standardize, shape, mean, std}},
     * {@code {kind: minmax, shape, min, range}} (a zero range stored as 1), {@code {kind: scale,
     * shape, scale}} or {@code {kind: none, shape}}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record State(
            String kind,
            int[] shape,
            double[] mean,
            double[] std,
            double[] min,
            double[] range,
            Double scale) {}

    public JsonNode toJson() {
        String k = kind.yamlName();
        return Json.tree(
                switch (kind) {
                    case STANDARDIZE -> new State(k, shape, shift, divisor, null, null, null);
                    case MINMAX -> new State(k, shape, null, null, shift, divisor, null);
                    case SCALE -> new State(k, shape, null, null, null, null, divisor[0]);
                    case NONE -> new State(k, shape, null, null, null, null, null);
                });
    }

    public static Normalizer fromJson(JsonNode json) {
        State st = Json.fromTree(json, State.class);
        Kind kind =
                Arrays.stream(Kind.values())
                        .filter(k -> k.yamlName().equals(st.kind()))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "unknown normalizer kind '" + st.kind() + "'"));
        return switch (kind) {
            case NONE -> new Normalizer(kind, st.shape(), new double[0], new double[0]);
            case SCALE ->
                    new Normalizer(kind, st.shape(), new double[] {0}, new double[] {st.scale()});
            case STANDARDIZE -> new Normalizer(kind, st.shape(), st.mean(), st.std());
            case MINMAX -> new Normalizer(kind, st.shape(), st.min(), st.range());
        };
    }
}
