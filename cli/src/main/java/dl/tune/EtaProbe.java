package dl.tune;

import dl.experiment.Experiment;
import dl.run.RunFolder;
import dl.run.TuneFolder;
import dl.spec.ExperimentSpec;
import dl.train.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * An ETA for `dl tune --plan` from a probe: the study's first sampled config trained for one epoch
 * in a trial process, timing the start-up (JVM, data, model) and the epoch apart. The probe's
 * folder is temporary.
 */
public final class EtaProbe {
    private EtaProbe() {}

    public static String eta(Study study, Plan plan, Path runsDir, Class<?> main) {
        ExperimentSpec spec = study.experiment().spec();
        Path probe = runsDir.resolve(".probe-" + ProcessHandle.current().pid());
        try {
            Path logs = new TuneFolder(probe).logs();
            TrialJob job =
                    new TrialJob(
                            0,
                            probe.resolve("run").toString(),
                            logs.resolve("0000.log").toString(),
                            probeConfig(study.experiment(), probe).toString(),
                            SearchSpace.assignments(study.space().sample(new Random(spec.seed()))),
                            1,
                            spec.train().epochs());
            TrialOutcome probed = new TrialRunner(main, spec.search().parallel()).train(job);
            double total = probed.seconds();
            if (probed.exit() != 0) return "ETA: the probe trial failed: " + job.reason();
            List<String> rows =
                    Files.readAllLines(new RunFolder(probe.resolve("run")).metricsCsv());
            String[] header = rows.get(0).split(",");
            String[] cells = rows.get(1).split(",");
            double epoch = Double.parseDouble(cells[Arrays.asList(header).indexOf("seconds")]);
            double overhead = Math.max(0, total - epoch);
            double seconds =
                    (plan.totalTrials() * overhead + plan.totalEpochs() * epoch)
                            / spec.search().parallel();
            return String.format(
                    Locale.ROOT,
                    "ETA about %s (probe: %.1f s start-up per trial, %.1f s per epoch; %d at a time)",
                    Progress.duration(seconds),
                    overhead,
                    epoch,
                    spec.search().parallel());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the timing probe: " + e.getMessage(), e);
        } finally {
            FileTrees.delete(probe);
        }
    }

    private static Path probeConfig(Experiment study, Path probe) throws IOException {
        Files.createDirectories(probe);
        Path c = probe.resolve("probe.yaml");
        Files.writeString(c, study.resolvedYaml());
        return c;
    }
}
