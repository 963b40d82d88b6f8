package dl.model;

import java.io.PrintStream;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;

/** A correction every SameDiff layer of DL4J 1.0.0-M2.1 needs. */
public final class SameDiffGradients {
    private SameDiffGradients() {}

    /**
     * In 1.0.0-M2.1 {@code ExternalErrorsFunction.doDiff} registers the epsilon placeholder as the
     * output's gradient and returns it as well, and {@code DifferentialFunction.diff} then adds the
     * two: the backward graph computes with 2 × epsilon, so every gradient of every SameDiff layer
     * comes out doubled. Detected in the gradient graph (the output's gradient is {@code add(eps,
     * eps)}) rather than assumed, so that a fixed version gets factor 1.
     *
     * @return the factor that makes the layer's gradients right: 0.5 or 1
     */
    static double externalErrorsScale(
            SameDiff sameDiff, SDVariable output, ExternalErrorsFunction fn) {
        SameDiff grad = sameDiff.getFunction("grad");
        String placeholder = fn.getGradPlaceholderName();
        SDVariable gradient = grad.getVariable(output.name()).getGradient();
        if (gradient != null && gradient.name().equals(placeholder)) return 1.0;
        String opName =
                gradient == null ? null : grad.getVariables().get(gradient.name()).getOutputOfOp();
        SameDiffOp op = opName == null ? null : grad.getOps().get(opName);
        if (op != null
                && op.getOp() instanceof AddOp
                && op.getInputsToOp().equals(List.of(placeholder, placeholder))) return 0.5;
        throw new IllegalStateException(
                "unexpected backward graph of a SameDiff layer: the output's gradient is "
                        + (gradient == null ? null : gradient.name() + " from op " + opName));
    }

    /**
     * Runs {@code r} with System.out dropping the line "Added differentiated op NAME" that
     * 1.0.0-M2.1's {@code SameDiff.createGradFunction} prints for every op (about 1,000 lines for a
     * GRU over 28 steps): stdout is where dl prints its results. Other output passes.
     */
    public static void withoutDiffChatter(Runnable r) {
        PrintStream out = System.out;
        System.setOut(
                new PrintStream(out, true) {
                    @Override
                    public void println(String x) {
                        if (x == null || !x.startsWith("Added differentiated op "))
                            super.println(x);
                    }
                });
        try {
            r.run();
        } finally {
            System.setOut(out);
        }
    }
}
