package dl.model;

import dl.spec.LayerSpec.Act;
import dl.spec.ModelSpec.Init;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;

/** Activation and initialization words of the config, in DL4J's terms. */
public final class Activations {
    private Activations() {}

    public static IActivation of(Act act, double alpha) {
        return switch (act) {
            case SIGMOID -> Activation.SIGMOID.getActivationFunction();
            case TANH -> Activation.TANH.getActivationFunction();
            case RELU -> Activation.RELU.getActivationFunction();
            case LEAKY_RELU -> new ActivationLReLU(alpha);
            case ELU -> new ActivationELU(alpha == 0.01 ? 1.0 : alpha);
            case GELU -> Activation.GELU.getActivationFunction();
            case SWISH -> Activation.SWISH.getActivationFunction();
            case SOFTMAX -> Activation.SOFTMAX.getActivationFunction();
            case LINEAR -> Activation.IDENTITY.getActivationFunction();
        };
    }

    /**
     * He for the relu family (keeps activation variance with half the units off), Xavier otherwise.
     */
    public static WeightInit init(Init configured, Act act) {
        Init init =
                configured != null
                        ? configured
                        : switch (act) {
                            case RELU, LEAKY_RELU, ELU, GELU, SWISH -> Init.HE;
                            default -> Init.XAVIER;
                        };
        return switch (init) {
            case HE -> WeightInit.RELU;
            case XAVIER -> WeightInit.XAVIER;
            case LECUN -> WeightInit.LECUN_NORMAL;
            case NORMAL -> WeightInit.NORMAL;
            case UNIFORM -> WeightInit.UNIFORM;
            case ZEROS -> WeightInit.ZERO;
        };
    }
}
