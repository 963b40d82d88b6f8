package dl.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dl.experiment.Experiment;
import dl.run.AtomicFiles;
import dl.run.Json;
import dl.run.RunStatus;
import dl.run.TuneFolder;
import dl.run.TuneInfo;
import dl.spec.Binder;
import dl.spec.ConfigException;
import dl.spec.ConfigLoader;
import dl.spec.Errors;
import dl.spec.ExperimentSpec;
import dl.spec.Overrides;
import dl.spec.YamlWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * `dl tune`: a study of trials, each an ordinary run folder under trials/, trained by its own
 * process, `parallel` at a time. Everything a resume needs is on disk: the study's config
 * (search.yaml), the trial folders and their checkpoints; the samples are a function of the seed,
 * so a resumed study repeats them.
 */
public final class TuneService {
    private TuneService() {}

    /**
     * The study's settings: the config with `--set`, and the command line's `--trials`,
     * `--parallel`, `--strategy`.
     */
    public static Study study(Path config, List<String> overrides) {
        return Study.of(Experiment.load(config, overrides, null));
    }

    public static Plan plan(Study study) {
        ExperimentSpec spec = study.experiment().spec();
        return Plan.of(spec.search(), study.space(), spec.train().epochs());
    }

    /**
     * Starts a new study under runsDir; returns its folder.
     *
     * @param main the class whose {@code main} is the `dl` command, which each trial process runs
     * @param cluster the master of the cluster whose tasks train the trials, or null: processes on
     *     this machine
     */
    public static Path tune(Study study, Path runsDir, Class<?> main, String cluster) {
        ExperimentSpec spec = study.experiment().spec();
        checkSampledConfigsBind(spec, study.space());
        DistributedBackend backend = cluster == null ? null : DistributedBackend.find();
        TuneFolder folder = TuneFolder.create(runsDir, spec.name());
        AtomicFiles.writeString(folder.searchYaml(), study.experiment().resolvedYaml());
        TuneInfo info =
                TuneInfo.start(
                        spec.name(),
                        OffsetDateTime.now().toString(),
                        spec.search().strategy().yamlName(),
                        spec.seed(),
                        spec.search().parallel());
        Json.write(folder.tuneJson(), info);
        run(folder, study, info, main, backend, cluster);
        return folder.dir();
    }

    /**
     * Continues an interrupted study: finished trials are kept, unfinished ones resume from their
     * checkpoints.
     */
    public static Path resume(Path dir, Class<?> main, String cluster) {
        DistributedBackend backend = cluster == null ? null : DistributedBackend.find();
        TuneFolder folder = new TuneFolder(dir);
        if (!Files.isRegularFile(folder.searchYaml()) || !Files.isRegularFile(folder.tuneJson())) {
            throw new ConfigException(
                    "--resume " + dir + ": not a tune folder (no search.yaml / tune.json)");
        }
        TuneInfo info = Json.read(folder.tuneJson(), TuneInfo.class);
        if (info.status() == RunStatus.COMPLETED)
            throw new ConfigException("--resume " + dir + ": the study is already completed");
        Study study = Study.of(Experiment.load(folder.searchYaml(), List.of(), null));
        info = info.resumed(OffsetDateTime.now().toString());
        Json.write(folder.tuneJson(), info);
        run(folder, study, info, main, backend, cluster);
        return dir;
    }

    private static void run(
            TuneFolder folder,
            Study study,
            TuneInfo info,
            Class<?> main,
            DistributedBackend backend,
            String cluster) {
        try (TrialExecutor executor =
                backend == null
                        ? new TrialRunner(main, study.experiment().spec().search().parallel())
                        : backend.trials(cluster, folder.logs(), main)) {
            new StudyRun(folder, study, info, executor).run();
        }
    }

    /**
     * A sampled value that does not fit its key (a typo in a path, a units of 0.5) is a config
     * error now, not 30 failed trials later.
     */
    private static void checkSampledConfigsBind(ExperimentSpec spec, SearchSpace space) {
        Map<String, Object> sample = space.sample(new Random(spec.seed()));
        ObjectNode tree = (ObjectNode) ConfigLoader.yaml().valueToTree(YamlWriter.plain(spec));
        try {
            Overrides.apply(tree, SearchSpace.assignments(sample));
        } catch (ConfigException e) {
            throw new ConfigException(
                    e.problems().stream().map(p -> "search.space: " + p).toList());
        }
        Errors bind = new Errors();
        Binder.bindExperiment(tree, bind);
        if (!bind.isEmpty())
            throw new ConfigException(
                    bind.problems().stream()
                            .map(p -> "search.space: a sampled config fails: " + p)
                            .toList());
    }
}
