package dl.spec;

/** One experiment: the whole YAML file. */
public record ExperimentSpec(
        @Doc("experiment name; default: the config file name without extension") String name,
        @Doc("drives split, initialization, shuffling, dropout and search") Long seed,
        @Doc(
                        "binary | multiclass | multilabel | regression | language_model | detection | embedding; inferred from the data when omitted (embedding never is)")
                Task task,
        @Required @Doc("data sources, split and preprocessing") DataSpec data,
        @Required @Doc("the network: a list of layers ending in an output layer") ModelSpec model,
        @Doc("the training loop") TrainSpec train,
        @Doc("the evaluation metric and the diagnosis") EvalSpec eval,
        @Doc("hyperparameter search, read only by `dl tune`") SearchSpec search) {

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
        EMBEDDING
    }

    public ExperimentSpec withName(String newName) {
        return new ExperimentSpec(newName, seed, task, data, model, train, eval, search);
    }

    public ExperimentSpec withEval(EvalSpec newEval) {
        return new ExperimentSpec(name, seed, task, data, model, train, newEval, search);
    }

    public ExperimentSpec withData(DataSpec newData) {
        return new ExperimentSpec(name, seed, task, newData, model, train, eval, search);
    }

    public ExperimentSpec withTrain(TrainSpec newTrain) {
        return new ExperimentSpec(name, seed, task, data, model, newTrain, eval, search);
    }

    public ExperimentSpec withTask(Task newTask) {
        return new ExperimentSpec(name, seed, newTask, data, model, train, eval, search);
    }
}
