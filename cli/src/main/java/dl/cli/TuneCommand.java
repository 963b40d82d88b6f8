package dl.cli;

import dl.spec.ConfigException;
import dl.tune.DistributedBackend;
import dl.tune.EtaProbe;
import dl.tune.Plan;
import dl.tune.Study;
import dl.tune.StudyRecord;
import dl.tune.TuneService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl tune CONFIG`. */
@Command(
        name = "tune",
        description =
                "Hyperparameter search over search.space; each trial is an ordinary run; never looks at the test split.")
public final class TuneCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "CONFIG",
            arity = "0..1",
            description = "the experiment's YAML file with a search section (not with --resume)")
    Path config;

    @CommandLine.Mixin SetArgs set;

    @CommandLine.Mixin RunsArgs runs;

    @Option(names = "--trials", description = "search.trials")
    Integer trials;

    @Option(names = "--parallel", description = "search.parallel: trials at a time")
    Integer parallel;

    @Option(
            names = "--strategy",
            description = "search.strategy: grid | random | coarse_to_fine | hyperband")
    String strategy;

    @Option(
            names = "--resume",
            paramLabel = "TUNE_DIR",
            description = "continue an interrupted study")
    Path resume;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description =
                    "train the trials as tasks of a Spark cluster: local[N], local-cluster[W,C,MB], spark://HOST:PORT, yarn, k8s://… (needs the spark module)")
    String spark;

    @Option(
            names = "--plan",
            description = "print the trials, epochs and an ETA (from a one-epoch probe), then stop")
    boolean plan;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // before the data is read: a missing spark module is said at once
        if (spark != null) DistributedBackend.find();
        Path dir;
        if (resume != null) {
            if (config != null
                    || !set.overrides.isEmpty()
                    || trials != null
                    || parallel != null
                    || strategy != null) {
                throw new ConfigException(
                        "--resume continues a study with its own search.yaml: give no CONFIG, --set, --trials, --parallel or --strategy");
            }
            dir = TuneService.resume(resume, Main.class, spark);
        } else {
            if (config == null)
                throw new ConfigException("dl tune: missing CONFIG (or --resume TUNE_DIR)");
            List<String> sets = new ArrayList<>(set.overrides);
            if (trials != null) sets.add("search.trials=" + trials);
            if (parallel != null) sets.add("search.parallel=" + parallel);
            if (strategy != null) sets.add("search.strategy=" + strategy);
            Study study = TuneService.study(config, sets);
            if (plan) {
                Plan p = TuneService.plan(study);
                out.println(p.render());
                out.println(EtaProbe.eta(study, p, runs.runs, Main.class));
                out.flush();
                return ExitCodes.OK;
            }
            dir = TuneService.tune(study, runs.runs, Main.class, spark);
        }
        out.println(dir);
        out.flush();
        return StudyRecord.interrupted(dir) ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }
}
