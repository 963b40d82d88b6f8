package dl.style;

import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/** A DL4J activation function as SameDiff ops. */
record Activation(Kind kind, double alpha) {
    enum Kind {
        IDENTITY,
        RELU,
        LEAKY_RELU,
        ELU,
        TANH,
        SIGMOID,
        GELU,
        SWISH
    }

    static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0);

    /**
     * The activation of a DL4J layer, or null for one without a SameDiff counterpart here (softmax,
     * a capped or thresholded ReLU, ELU with α ≠ 1).
     */
    static Activation of(IActivation a) {
        if (a == null || a instanceof ActivationIdentity) return IDENTITY;
        if (a instanceof ActivationReLU r) {
            boolean plain =
                    (r.getMax() == null || r.getMax().isInfinite())
                            && (r.getThreshold() == null || r.getThreshold() == 0)
                            && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0);
            return plain ? new Activation(Kind.RELU, 0) : null;
        }
        if (a instanceof ActivationLReLU l) return new Activation(Kind.LEAKY_RELU, l.getAlpha());
        if (a instanceof ActivationELU e)
            return e.getAlpha() == 1.0 ? new Activation(Kind.ELU, 1.0) : null;
        if (a instanceof ActivationTanH) return new Activation(Kind.TANH, 0);
        if (a instanceof ActivationSigmoid) return new Activation(Kind.SIGMOID, 0);
        if (a instanceof ActivationGELU) return new Activation(Kind.GELU, 0);
        if (a instanceof ActivationSwish) return new Activation(Kind.SWISH, 0);
        return null;
    }

    SDVariable apply(SameDiff sd, SDVariable x) {
        return switch (kind) {
            case IDENTITY -> x;
            case RELU -> sd.nn().relu(x, 0);
            case LEAKY_RELU -> sd.nn().leakyRelu(x, alpha);
            case ELU -> sd.nn().elu(x);
            case TANH -> sd.nn().tanh(x);
            case SIGMOID -> sd.nn().sigmoid(x);
            case GELU -> sd.nn().gelu(x);
            case SWISH -> sd.nn().swish(x);
        };
    }

    /** ", relu" for descriptions; empty for the identity. */
    String suffix() {
        return kind == Kind.IDENTITY ? "" : ", " + kind.name().toLowerCase(Locale.ROOT);
    }
}
