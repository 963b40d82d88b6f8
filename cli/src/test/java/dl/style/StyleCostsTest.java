package dl.style;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The course's formulas on arrays small enough to work out by hand. */
class StyleCostsTest {
    /** a(C) and a(G), [1, n_C = 1, n_H = 2, n_W = 2]. */
    private static final INDArray A_C = activations(1, 2, 2, 1, 2, 3, 4);

    private static final INDArray A_G = activations(1, 2, 2, 0, 2, 5, 4);

    /** Two channels of 1 × 2 pixels: channel 0 = (1, 2), channel 1 = (3, 4). */
    private static final INDArray TWO_CHANNELS = activations(2, 1, 2, 1, 2, 3, 4);

    private static INDArray activations(int c, int h, int w, double... values) {
        return Nd4j.create(values, new long[] {1, c, h, w}, DataType.DOUBLE);
    }

    /** One op evaluated on constants. */
    private static INDArray eval(Function<SameDiff, SDVariable> op) {
        SameDiff sd = SameDiff.create();
        return op.apply(sd).eval();
    }

    @Test
    void contentCostIsTheSquaredDifferenceOverFourUnits() {
        // differences 1, 0, −2, 0: squares sum to 5; n_H·n_W·n_C = 4, so 5 / (4·4)
        double j =
                eval(sd -> StyleCosts.content(sd, sd.constant(A_C), sd.constant(A_G), A_C.shape()))
                        .getDouble(0);
        assertEquals(5.0 / 16, j, 1e-12);
    }

    @Test
    void gramMatrixHoldsTheChannelsDotProducts() {
        INDArray gram = eval(sd -> StyleCosts.gram(sd, sd.constant(TWO_CHANNELS), 2));
        // (1,2)·(1,2) = 5, (1,2)·(3,4) = 11, (3,4)·(3,4) = 25
        assertArrayEquals(new long[] {2, 2}, gram.shape());
        assertArrayEquals(new double[] {5, 11, 11, 25}, gram.reshape(4).toDoubleVector(), 1e-12);
    }

    @Test
    void styleLayerCostComparesGramMatricesOverTwiceTheUnitsSquared() {
        INDArray gramS = Nd4j.create(new double[] {1, 0, 0, 1}, new long[] {2, 2}, DataType.DOUBLE);
        double j =
                eval(sd ->
                                StyleCosts.styleLayer(
                                        sd,
                                        sd.constant(gramS),
                                        sd.constant(TWO_CHANNELS),
                                        TWO_CHANNELS.shape()))
                        .getDouble(0);
        // Gram(G) − Gram(S) = [[4, 11], [11, 24]]: 16 + 121 + 121 + 576 = 834; (2·1·2·2)² = 64
        assertEquals(834.0 / 64, j, 1e-12);
    }

    @Test
    void styleCostIsZeroForTheStyleImageItself() {
        SameDiff sd = SameDiff.create();
        INDArray gramS = StyleCosts.gram(sd, sd.constant(TWO_CHANNELS), 2).eval().dup();
        double j =
                StyleCosts.styleLayer(
                                sd,
                                sd.constant(gramS),
                                sd.constant(TWO_CHANNELS),
                                TWO_CHANNELS.shape())
                        .eval()
                        .getDouble(0);
        assertEquals(0.0, j, 1e-12);
    }

    @Test
    void totalVariationCountsNeighbourDifferencesPerPixelInFullRangeUnits() {
        // [[0, 255], [255, 255]]: one full step down and one to the right, over 4 pixels
        INDArray g = activations(1, 2, 2, 0, 255, 255, 255);
        double tv =
                eval(sd -> StyleCosts.totalVariation(sd, sd.constant(g), g.shape())).getDouble(0);
        assertEquals(2.0 / 4, tv, 1e-12);
    }
}
