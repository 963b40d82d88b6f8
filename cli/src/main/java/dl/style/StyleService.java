package dl.style;

import com.fasterxml.jackson.core.JsonProcessingException;
import dl.eval.Charts;
import dl.run.AtomicFiles;
import dl.run.BestMetric;
import dl.run.Json;
import dl.run.Liveness;
import dl.run.Provenance;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.run.RunOutcome;
import dl.run.RunRecord;
import dl.run.RunStatus;
import dl.run.StopSignals;
import dl.spec.ConfigException;
import dl.spec.ConfigLoader;
import dl.spec.ExperimentSpec;
import dl.spec.Sections;
import dl.spec.Validator;
import dl.spec.YamlWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * `dl style`: read the config, the images and the network, create the run folder, optimize the
 * pixels of G, and record everything (run.json, metrics.csv, progress images, result.png,
 * summary.png, plots/cost.png, report.md). Ctrl-C stops at the next iteration with a checkpoint;
 * `--resume` continues from it.
 */
public final class StyleService {
    private static final Logger LOG = LogManager.getLogger("dl.style");
    private static final long PID = ProcessHandle.current().pid();

    /** The pixels are optimized in float32, as dl trains. */
    private static final DataType TYPE = DataType.FLOAT;

    private StyleService() {}

    /** The config of `dl style CONFIG`, with its paths made absolute and the task set. */
    public static ExperimentSpec load(Path config, List<String> overrides, String name) {
        ExperimentSpec spec = ConfigLoader.load(config, overrides);
        if (!Sections.isStyleTransfer(spec))
            throw new ConfigException(
                    "task: `dl style` runs task: style_transfer (a style_transfer section); "
                            + config
                            + " trains a model: `dl train "
                            + config
                            + "`");
        if (name != null) {
            String problem = Validator.runNameProblem(name);
            if (problem != null) throw new ConfigException("--name: " + problem);
            spec = spec.withName(name);
        }
        Path base = config.toAbsolutePath().getParent();
        return spec.withTask(ExperimentSpec.Task.STYLE_TRANSFER)
                .withStyleTransfer(spec.styleTransfer().withAbsolutePaths(base));
    }

    /** What `dl validate` prints of a style config: the images, the network and the costs. */
    public static List<String> describe(ExperimentSpec spec) {
        return StyleReport.plan(StylePlan.prepare(spec));
    }

    /** The resolved config: every default filled in, paths absolute, no training sections. */
    public static String resolvedYaml(ExperimentSpec spec) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) YamlWriter.plain(spec);
        Map<String, Object> kept = new LinkedHashMap<>(plain);
        kept.keySet().retainAll(List.of("name", "seed", "task", "style_transfer"));
        try {
            return ConfigLoader.yaml().writeValueAsString(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunOutcome run(ExperimentSpec spec, Path runsDir) {
        StylePlan plan = StylePlan.prepare(spec);
        RunFolder run = RunFolder.create(runsDir, spec.name());
        return RunRecord.logged(
                run,
                runInfo(spec).runBy(PID, Provenance.host(), now()),
                record -> {
                    AtomicFiles.writeString(run.config(), resolvedYaml(spec));
                    record.update(i -> i);
                    LOG.info(
                            "{}: G {} × {}, {}, run folder {}",
                            spec.name(),
                            plan.content().width(),
                            plan.content().height(),
                            plan.network().what(),
                            run.dir());
                    return optimize(plan, run, record, null);
                });
    }

    /** Continues a stopped style transfer from its checkpoint (from the start without one). */
    public static RunOutcome resume(RunFolder run) {
        if (!run.looksLikeRun())
            throw new ConfigException("--resume " + run.dir() + ": not a run folder (no run.json)");
        RunInfo info = Json.read(run.runJson(), RunInfo.class);
        if (!ExperimentSpec.Task.STYLE_TRANSFER.yamlName().equals(info.task()))
            throw new ConfigException(
                    "--resume "
                            + run.dir()
                            + ": not a style transfer (continue a training with `dl train --resume`)");
        if (info.status() == RunStatus.COMPLETED)
            throw new ConfigException("--resume " + run.dir() + ": the run is already completed");
        Liveness.refuseIfRunning(run.dir(), info);
        ExperimentSpec spec = ConfigLoader.load(run.config(), List.of());
        StylePlan plan = StylePlan.prepare(spec.withTask(ExperimentSpec.Task.STYLE_TRANSFER));
        return RunRecord.logged(
                run,
                info,
                record -> {
                    run.removeTemporaries();
                    StyleCheckpoint from = StyleCheckpoint.read(run.styleCheckpoint());
                    int at = from == null ? 0 : from.iteration();
                    RunStatus previous = info.status();
                    record.update(
                            i ->
                                    i.resumed(new RunInfo.Resume(now(), 0, at, previous))
                                            .runBy(PID, Provenance.host(), now()));
                    LOG.info("{}: resuming at iteration {} in {}", spec.name(), at, run.dir());
                    return optimize(plan, run, record, from);
                });
    }

    private static RunOutcome optimize(
            StylePlan plan, RunFolder run, RunRecord record, StyleCheckpoint from) {
        int iterations = plan.style().iterations();
        int saveEvery = plan.style().saveEvery();
        INDArray start = from == null ? plan.start(TYPE) : from.image().castTo(TYPE);
        StyleProblem problem = plan.problem(start, TYPE);
        INDArray image = problem.image();
        PixelAdam adam =
                new PixelAdam(
                        plan.style().optimizer(),
                        image,
                        from == null ? null : from.optimizer().castTo(TYPE));
        List<String> layers = List.copyOf(plan.weights().styleLayers().keySet());
        StyleMetrics metrics = new StyleMetrics(run.metricsCsv(), layers);
        int first = from == null ? 0 : from.iteration();
        metrics.startAt(first);
        double before = from == null ? 0 : from.seconds();
        long started = System.nanoTime();
        RunStatus status = RunStatus.COMPLETED;
        String message = null;
        int k = first;
        try (StopSignals signals = new StopSignals(signal -> {})) {
            for (; ; k++) {
                double seconds = before + (System.nanoTime() - started) / 1e9;
                if (signals.asked()) {
                    status = RunStatus.INTERRUPTED;
                    message =
                            "stopped at iteration "
                                    + k
                                    + "; `dl style --resume "
                                    + run.dir()
                                    + "` continues";
                    new StyleCheckpoint(k, seconds, image, adam.state())
                            .write(run.styleCheckpoint());
                    break;
                }
                StyleProblem.Costs c = problem.evaluate();
                if (!Double.isFinite(c.total())) {
                    status = RunStatus.DIVERGED;
                    message =
                            "the cost is "
                                    + c.total()
                                    + " at iteration "
                                    + k
                                    + "; lower optimizer.learning_rate";
                    break;
                }
                metrics.append(k, c, seconds);
                if (k % saveEvery == 0 || k == iterations) {
                    Charts.writePng(run.progressPng(k), Picture.of(image).image());
                    new StyleCheckpoint(k, seconds, image, adam.state())
                            .write(run.styleCheckpoint());
                    record.update(i -> i.beat(now(), null));
                    progress(k, iterations, c, seconds - before, k - first);
                }
                if (k == iterations) break;
                adam.step(image, c.gradient(), k);
            }
        }
        Picture result = Picture.of(image);
        Charts.writePng(run.resultPng(), result.image());
        Map<String, double[]> columns = metrics.columns();
        StyleReport.figures(run, plan, result, columns);
        StyleReport.write(run, plan, columns, status, k);
        RunStatus end = status;
        String why = message;
        double[] totals = columns.get("total");
        BestMetric total =
                totals.length == 0 ? null : new BestMetric("total_cost", totals[totals.length - 1]);
        record.update(i -> i.ended(end, now(), 0, 0, total, why).beat(now(), null));
        LOG.info("{} at iteration {}: {}", status.words(), k, run.resultPng());
        return new RunOutcome(run, status, message);
    }

    private static void progress(
            int k, int iterations, StyleProblem.Costs c, double seconds, int steps) {
        double perStep = steps == 0 ? 0 : seconds / steps;
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "iteration %d/%d: total %.4g (content %.4g, style %.4g, tv %.4g), %.2f s per iteration, %.0f s left",
                        k,
                        iterations,
                        c.total(),
                        c.content(),
                        c.style(),
                        c.totalVariation(),
                        perStep,
                        perStep * (iterations - k)));
    }

    private static RunInfo runInfo(ExperimentSpec spec) {
        return RunInfo.start(
                        spec.name(),
                        now(),
                        spec.seed(),
                        ExperimentSpec.Task.STYLE_TRANSFER.yamlName())
                .versions(Provenance.versions())
                .backend(Provenance.backend())
                .threads(Provenance.threads())
                .build();
    }

    private static String now() {
        return OffsetDateTime.now().toString();
    }
}
