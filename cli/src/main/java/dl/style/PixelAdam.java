package dl.style;

import dl.spec.StyleSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam on the pixels of G through ND4J's own updater, then G clipped to 0..255 (a projected
 * gradient step: the image stays an image). The state, first and second moment of every pixel in
 * one row vector, is what a checkpoint keeps.
 */
final class PixelAdam {
    private final GradientUpdater<?> updater;
    private final INDArray state;

    /**
     * @param state [1, 2·pixels]: m then v, as {@link #state()} returned it; null starts at zero
     */
    PixelAdam(StyleSpec.Optimizer o, INDArray image, INDArray state) {
        long n = image.length();
        this.state = state != null ? state : Nd4j.zeros(image.dataType(), 1, 2 * n);
        Adam adam = new Adam(o.learningRate(), o.beta1(), o.beta2(), o.epsilon());
        updater = adam.instantiate(this.state, state == null);
    }

    /**
     * G ← clip(G − Adam(dJ/dG), 0, 255).
     *
     * @param step the 0-based count of steps taken before this one (Adam's bias correction)
     */
    void step(INDArray image, INDArray gradient, int step) {
        // the updater turns the gradient into the update in place; a flat copy keeps the
        // SameDiff output untouched and matches the state's layout
        INDArray update = gradient.reshape(gradient.length()).dup();
        updater.applyUpdater(update, step, 0);
        image.subi(update.reshape(image.shape()));
        Transforms.max(image, 0.0, false);
        Transforms.min(image, 255.0, false);
    }

    INDArray state() {
        return state;
    }
}
