package dl.spec;

import io.soabase.recordbuilder.core.RecordBuilder;

/** One experiment: the whole YAML file. */
@RecordBuilder
public record ExperimentSpec(
        @Doc("experiment name; default: the config file name without extension") String name,
        @Doc("drives split, initialization, shuffling, dropout and search") Long seed,
        @Doc(
                        "binary | multiclass | multilabel | regression | language_model | detection | embedding | style_transfer; inferred from the data (or a style_transfer section) when omitted (embedding never is)")
                Task task,
        @Doc("data sources, split and preprocessing; required but for style_transfer")
                DataSpec data,
        @Doc(
                        "the network: a list of layers ending in an output layer; required but for style_transfer")
                ModelSpec model,
        @Doc("the training loop") TrainSpec train,
        @Doc("the evaluation metric and the diagnosis") EvalSpec eval,
        @Doc("hyperparameter search, read only by `dl tune`") SearchSpec search,
        @Doc("neural style transfer, read only by `dl style`") StyleSpec styleTransfer) {

    public ExperimentSpec {
        // 42 by convention, so two users who leave it out still get the same run
        if (seed == null) seed = 42L;
        if (train == null) train = TrainSpec.defaults();
        if (eval == null) eval = new EvalSpec(null, null, null, null, null, null, null);
    }

    public enum Task implements YamlEnum {
        BINARY,
        MULTICLASS,
        MULTILABEL,
        REGRESSION,
        LANGUAGE_MODEL,
        DETECTION,
        /**
         * A metric embedding of identities (face-verification style), trained on batches of them.
         */
        EMBEDDING,
        STYLE_TRANSFER
    }

    public ExperimentSpec withName(String newName) {
        return ExperimentSpecBuilder.builder(this).name(newName).build();
    }

    public ExperimentSpec withEval(EvalSpec newEval) {
        return ExperimentSpecBuilder.builder(this).eval(newEval).build();
    }

    public ExperimentSpec withData(DataSpec newData) {
        return ExperimentSpecBuilder.builder(this).data(newData).build();
    }

    public ExperimentSpec withModel(ModelSpec newModel) {
        return ExperimentSpecBuilder.builder(this).model(newModel).build();
    }

    public ExperimentSpec withStyleTransfer(StyleSpec newStyle) {
        return ExperimentSpecBuilder.builder(this).styleTransfer(newStyle).build();
    }

    public ExperimentSpec withTrain(TrainSpec newTrain) {
        return ExperimentSpecBuilder.builder(this).train(newTrain).build();
    }

    public ExperimentSpec withTask(Task newTask) {
        return ExperimentSpecBuilder.builder(this).task(newTask).build();
    }
}
