package dl.cli;

import dl.data.Dataset;
import dl.data.Splits;
import dl.experiment.Experiment;
import dl.model.MemoryEstimate;
import dl.model.ModelFactory;
import dl.model.ModelSummary;
import dl.spec.TrainSpec;
import dl.train.Trainer;
import dl.tune.Study;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `dl validate CONFIG`: everything short of training. */
@Command(
        name = "validate",
        description =
                "Check a config and its data without training: resolved config, data and model summary.")
public final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ConfigArgs args;

    @Override
    public Integer call() {
        Experiment e = args.load();
        // search.space is read by dl tune alone, but a config with a search section is checked
        // whole here
        if (e.spec().search() != null) Study.of(e);
        PrintWriter out = spec.commandLine().getOut();
        out.println("# resolved config");
        out.println(e.resolvedYaml());
        out.println("# data (" + e.spec().task().yamlName() + ")");
        Splits s = e.data().splits();
        Dataset train = s.train();
        out.printf(Locale.ROOT, "%-10s %8s%n", "split", "examples");
        out.printf(Locale.ROOT, "%-10s %8d%n", "train", train.size());
        out.printf(Locale.ROOT, "%-10s %8d%n", "train_dev", s.trainDev().size());
        out.printf(Locale.ROOT, "%-10s %8d%n", "dev", s.dev().size());
        out.printf(Locale.ROOT, "%-10s %8d%n", "test", s.test().size());
        if (train.tokens()) {
            out.println(
                    "tokens ("
                            + train.vocabulary().level().yamlName()
                            + "): up to "
                            + train.shape()[0]
                            + " per sequence; vocabulary ("
                            + train.vocabulary().size()
                            + "): "
                            + String.join(
                                    " ",
                                    train.vocabulary()
                                            .tokens()
                                            .subList(0, Math.min(40, train.vocabulary().size())))
                            + (train.vocabulary().size() > 40 ? " ..." : ""));
            if (e.spec().task() == dl.spec.ExperimentSpec.Task.LANGUAGE_MODEL) {
                out.println("predicts the next token from the vocabulary at every step");
            } else {
                out.println(
                        "classes ("
                                + train.classNames().size()
                                + "): "
                                + String.join(", ", train.classNames()));
            }
        } else {
            out.println(
                    "features: "
                            + train.features()
                            + " "
                            + java.util.Arrays.toString(train.shape()));
        }
        if (train.classNames() != null && !train.tokens()) {
            String label = train.y() != null ? "classes" : "labels";
            out.println(
                    label
                            + " ("
                            + train.classNames().size()
                            + "): "
                            + String.join(", ", train.classNames()));
        }
        out.println();
        out.println("# model");
        // the configuration is the whole check; initializing a big model's weights would only take
        // time and memory
        ComputationGraphConfiguration conf =
                ModelFactory.configure(
                        e.spec(),
                        e.data().modelShape(),
                        Trainer.iterationsPerEpoch(e.spec(), train.size()));
        // the shape the graph was configured for: model.input may read the data's values as another
        // shape
        List<ModelSummary.Row> rows =
                ModelSummary.rows(
                        conf, ModelFactory.declaredShape(e.spec(), e.data().modelShape()));
        out.println(ModelSummary.table(rows));
        ModelFactory.presetExpansions(e.spec(), e.data().modelShape())
                .forEach(
                        (path, layers) -> {
                            out.println();
                            out.println("# " + path + " expands to");
                            out.print(dl.model.Presets.yaml(layers));
                        });
        TrainSpec t = e.spec().train();
        int bytes =
                t.precision() == TrainSpec.Precision.FLOAT64
                        ? 8
                        : t.precision() == TrainSpec.Precision.FLOAT16 ? 2 : 4;
        int state =
                switch (t.optimizer().type()) {
                    case SGD -> 0;
                    case ADAM, ADAMW -> 2;
                    default -> 1;
                };
        long values = 0;
        for (Dataset d : List.of(s.train(), s.trainDev(), s.dev(), s.test()))
            values += (long) d.size() * d.features();
        out.println();
        MemoryEstimate.of(rows, t.batchSize().resolve(train.size()), bytes, state, values)
                .lines()
                .forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }
}
