package dl.spec;

/** One experiment: the whole YAML file. */
public record ExperimentSpec(
        @Doc("experiment name; default: the config file name without extension") String name,
        @Doc("drives split, initialization, shuffling, dropout and search") Long seed,
        @Doc(
                        "binary | multiclass | multilabel | regression | language_model | detection | style_transfer; inferred from the data (or a style_transfer section) when omitted")
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
        if (train == null)
            train = new TrainSpec(null, null, null, null, null, null, null, null, null);
        if (eval == null) eval = new EvalSpec(null, null, null, null, null, null, null);
    }

    public enum Task implements YamlEnum {
        BINARY,
        MULTICLASS,
        MULTILABEL,
        REGRESSION,
        LANGUAGE_MODEL,
        DETECTION,
        STYLE_TRANSFER
    }

    public ExperimentSpec withName(String newName) {
        return new ExperimentSpec(
                newName, seed, task, data, model, train, eval, search, styleTransfer);
    }

    public ExperimentSpec withEval(EvalSpec newEval) {
        return new ExperimentSpec(
                name, seed, task, data, model, train, newEval, search, styleTransfer);
    }

    public ExperimentSpec withData(DataSpec newData) {
        return new ExperimentSpec(
                name, seed, task, newData, model, train, eval, search, styleTransfer);
    }

    public ExperimentSpec withStyleTransfer(StyleSpec newStyle) {
        return new ExperimentSpec(name, seed, task, data, model, train, eval, search, newStyle);
    }

    public ExperimentSpec withTask(Task newTask) {
        return new ExperimentSpec(
                name, seed, newTask, data, model, train, eval, search, styleTransfer);
    }
}
