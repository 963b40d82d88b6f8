package dl.cli;

import dl.spec.ConfigException;
import dl.tune.EtaProbe;
import dl.tune.Plan;
import dl.tune.Study;
import dl.tune.StudyRecord;
import dl.tune.TuneService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dl tune CONFIG`. */
@Command(
        name = "tune",
        description =
                "Hyperparameter search over search.space; each trial is an ordinary run; never looks at the test split.")
public final class TuneCommand extends DlCommand {
    @CommandLine.Mixin StartArgs start;

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
            names = "--plan",
            description = "print the trials, epochs and an ETA (from a one-epoch probe), then stop")
    boolean plan;

    @Override
    public Integer call() {
        PrintWriter out = out();
        Path dir;
        if (resume != null) {
            if (start.config != null
                    || !start.set.overrides.isEmpty()
                    || trials != null
                    || parallel != null
                    || strategy != null) {
                throw new ConfigException(
                        "--resume continues a study with its own search.yaml: give no CONFIG, --set, --trials, --parallel or --strategy");
            }
            dir = TuneService.resume(resume, Main.class);
        } else {
            if (start.config == null)
                throw new ConfigException("dl tune: missing CONFIG (or --resume TUNE_DIR)");
            List<String> sets = new ArrayList<>(start.set.overrides);
            if (trials != null) sets.add("search.trials=" + trials);
            if (parallel != null) sets.add("search.parallel=" + parallel);
            if (strategy != null) sets.add("search.strategy=" + strategy);
            Study study = TuneService.study(start.config, sets);
            if (plan) {
                Plan p = TuneService.plan(study);
                out.println(p.render());
                out.println(EtaProbe.eta(study, p, start.runs, Main.class));
                out.flush();
                return ExitCodes.OK;
            }
            dir = TuneService.tune(study, start.runs, Main.class);
        }
        out.println(dir);
        out.flush();
        return StudyRecord.interrupted(dir) ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }
}
