package dl.cli;

import dl.data.Dataset;
import dl.data.Splits;
import dl.experiment.Experiment;
import dl.model.MemoryEstimate;
import dl.model.ModelFactory;
import dl.model.ModelSummary;
import dl.spec.ConfigLoader;
import dl.spec.ExperimentSpec;
import dl.spec.Sections;
import dl.spec.TrainSpec;
import dl.style.StyleService;
import dl.train.Trainer;
import dl.tune.Study;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `dl validate CONFIG`: everything short of training. */
@Command(
        name = "validate",
        description =
                "Check a config and its data without training: resolved config, data and model summary.")
public final class ValidateCommand extends DlCommand {
    @CommandLine.Mixin ConfigArgs args;

    @Override
    public Integer call() {
        if (Sections.isStyleTransfer(ConfigLoader.load(args.config, args.set.overrides)))
            return styleTransfer();
        Experiment e = args.load();
        // search.space is read by dl tune alone, but a config with a search section is checked
        // whole here
        if (e.spec().search() != null) Study.of(e);
        PrintWriter out = out();
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
            boolean embedding = e.spec().task() == ExperimentSpec.Task.EMBEDDING;
            String label = embedding ? "identities" : train.y() != null ? "classes" : "labels";
            out.println(
                    label
                            + " ("
                            + train.classNames().size()
                            + (embedding ? identitiesPerSplit(s) : "")
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
        dl.model.DetectionHead head = ModelFactory.detectionHead(e.spec(), e.data().modelShape());
        if (head != null) {
            out.println();
            out.println("# detection");
            out.println(
                    "grid: "
                            + head.gridHeight()
                            + " × "
                            + head.gridWidth()
                            + " cells of "
                            + train.shape()[1] / (double) head.gridHeight()
                            + " × "
                            + train.shape()[2] / (double) head.gridWidth()
                            + " pixels");
            StringBuilder a = new StringBuilder();
            for (double[] w : head.anchors())
                a.append(String.format(java.util.Locale.ROOT, " [%.2f, %.2f]", w[0], w[1]));
            out.println("anchors (grid units):" + a);
            out.println(
                    "output: ["
                            + head.anchors().length * (5 + head.classes())
                            + ", "
                            + head.gridHeight()
                            + ", "
                            + head.gridWidth()
                            + "] = "
                            + head.anchors().length
                            + " anchors × (x, y, w, h, confidence + "
                            + head.classes()
                            + " classes) per cell");
            int dropped = 0;
            for (int i = 0; i < train.size(); i++) {
                dropped +=
                        dl.data.detection.YoloLabels.dropped(
                                        dl.data.DetectionSource.examples(train, new int[] {i})
                                                .get(0),
                                        new dl.data.detection.YoloLabels.Grid(
                                                head.gridHeight(),
                                                head.gridWidth(),
                                                head.classes()))
                                .size();
            }
            int boxes = train.boxes().stream().mapToInt(List::size).sum();
            out.println(
                    "training boxes: "
                            + boxes
                            + (dropped == 0
                                    ? ""
                                    : ", "
                                            + dropped
                                            + " of them share a cell with a larger one and are not learned (one box per cell)"));
        }
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

    /** "; train 168, dev 36, test 36": the identities each split holds. */
    private static String identitiesPerSplit(Splits s) {
        StringBuilder sb = new StringBuilder();
        Map<String, Dataset> splits = new LinkedHashMap<>();
        splits.put("train", s.train());
        splits.put("train_dev", s.trainDev());
        splits.put("dev", s.dev());
        splits.put("test", s.test());
        splits.forEach(
                (name, d) -> {
                    if (d.size() == 0 || d.y() == null) return;
                    long n = Arrays.stream(d.y()).distinct().count();
                    sb.append(sb.length() == 0 ? "; " : ", ").append(name).append(' ').append(n);
                });
        return sb.toString();
    }

    /** A style transfer's config: its images and network, checked and described. */
    private int styleTransfer() {
        ExperimentSpec style = StyleService.load(args.config, args.set.overrides, null);
        List<String> plan = StyleService.describe(style);
        println("# resolved config");
        println(StyleService.resolvedYaml(style));
        plan.forEach(this::println);
        return ExitCodes.OK;
    }
}
