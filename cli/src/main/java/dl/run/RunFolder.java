package dl.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/** The layout of a run folder (docs/run-folder.md): every file name lives here. */
public record RunFolder(Path dir) {
    /** The model file `dl train` keeps: the best epoch's weights. */
    public static final String MODEL = "model.zip";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * A new folder `<name>-<yyyyMMdd-HHmmss>`, with -2, -3 … when taken: created atomically, so two
     * runs never share one.
     */
    public static RunFolder create(Path runsDir, String name) {
        if (Path.of(name).getNameCount() != 1 || name.startsWith(".")) {
            throw new IllegalArgumentException("a run name must be one folder name: " + name);
        }
        if (Files.exists(runsDir) && !Files.isDirectory(runsDir)) {
            throw new dl.spec.ConfigException("--runs " + runsDir + ": not a folder");
        }
        String base = name + "-" + LocalDateTime.now().format(STAMP);
        try {
            Files.createDirectories(runsDir);
            for (int i = 1; ; i++) {
                Path dir = runsDir.resolve(i == 1 ? base : base + "-" + i);
                try {
                    Files.createDirectory(dir);
                    return new RunFolder(dir);
                } catch (FileAlreadyExistsException taken) {
                    // another run started in the same second: take the next suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a run folder in " + runsDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Exactly this folder (a tune trial's `trials/NNNN`): created now, so it must not exist yet.
     */
    public static RunFolder createExact(Path dir) {
        try {
            if (dir.getParent() != null) Files.createDirectories(dir.getParent());
            Files.createDirectory(dir);
            return new RunFolder(dir);
        } catch (FileAlreadyExistsException e) {
            throw new dl.spec.ConfigException("--run-dir " + dir + ": already exists");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path config() {
        return dir.resolve("config.yaml");
    }

    public Path runJson() {
        return dir.resolve("run.json");
    }

    public Path metricsCsv() {
        return dir.resolve("metrics.csv");
    }

    public Path trainLog() {
        return dir.resolve("train.log");
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path epochCheckpoint(int epoch) {
        return checkpoints().resolve(String.format("epoch-%04d.zip", epoch));
    }

    public Path best() {
        return checkpoints().resolve("best.zip");
    }

    public Path last() {
        return checkpoints().resolve("last.zip");
    }

    public Path model() {
        return dir.resolve(MODEL);
    }

    public Path report() {
        return dir.resolve("report.md");
    }

    public Path plots() {
        return dir.resolve("plots");
    }

    public Path learningCurvesPng() {
        return plots().resolve("learning_curves.png");
    }

    public Path confusionMatrixPng() {
        return plots().resolve("confusion_matrix.png");
    }

    /** A style transfer's generated image G, as it stands at the end or at an interrupt. */
    public Path resultPng() {
        return dir.resolve("result.png");
    }

    /** G after {@code iteration} optimizer steps. */
    public Path progressPng(int iteration) {
        return dir.resolve("progress").resolve(String.format("iter-%04d.png", iteration));
    }

    /** Content, style and result side by side. */
    public Path summaryPng() {
        return dir.resolve("summary.png");
    }

    /** A style transfer's costs per iteration. */
    public Path costPng() {
        return plots().resolve("cost.png");
    }

    /** A style transfer's G and optimizer state, what `dl style --resume` continues from. */
    public Path styleCheckpoint() {
        return checkpoints().resolve("style.zip");
    }

    /** Detection: each class's precision-recall curve on a split (dev, test). */
    public Path precisionRecallPng(String split) {
        return plots().resolve("precision_recall_" + split + ".png");
    }

    /** Detection: a grid of dev images with their true and predicted boxes. */
    public Path devDetectionsPng() {
        return plots().resolve("dev_detections.png");
    }

    /** Embedding: the ROC curve of verification on a split (dev, test). */
    public Path rocPng(String split) {
        return plots().resolve("roc_" + split + ".png");
    }

    /** Embedding: same and different pairs' distances on a split, with the threshold. */
    public Path distancesPng(String split) {
        return plots().resolve("distances_" + split + ".png");
    }

    public Path errorsCsv() {
        return dir.resolve("errors").resolve("dev.csv");
    }

    /** The best checkpoint's result on a split: the one report.md's tables and `dl runs` show. */
    public Path evalJson(String split) {
        return evalDir().resolve(split + ".json");
    }

    /**
     * A checkpoint's result on a split: eval/&lt;split&gt;.json for the best one,
     * eval/&lt;split&gt;@&lt;name&gt;.json for any other (test@last.json, test@epoch-0005.json), so
     * evaluating another checkpoint never overwrites the best one's figures.
     */
    public Path evalJson(String split, String checkpoint) {
        if (checkpoint == null || checkpoint.equals(EvalResult.BEST)) return evalJson(split);
        return evalDir().resolve(split + "@" + fileLabel(checkpoint) + ".json");
    }

    public Path evalDir() {
        return dir.resolve("eval");
    }

    /** A checkpoint as part of a file name: its file name without .zip, in safe characters. */
    static String fileLabel(String checkpoint) {
        String name = checkpoint.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        if (name.endsWith(".zip") && name.length() > 4) name = name.substring(0, name.length() - 4);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "_" : name;
    }

    /**
     * Deletes the temporary files of {@link AtomicFiles} that a killed or failed process left in
     * this folder and its sub-folders; returns them. Best effort: a file that cannot be deleted
     * stays.
     */
    public List<Path> removeTemporaries() {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> found;
        try (Stream<Path> files = Files.walk(dir, 3)) {
            found = files.filter(AtomicFiles::isTemporary).filter(Files::isRegularFile).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        List<Path> removed = new java.util.ArrayList<>();
        for (Path f : found) {
            try {
                if (Files.deleteIfExists(f)) removed.add(f);
            } catch (IOException e) {
                // left for the next resume
            }
        }
        return removed;
    }

    public boolean looksLikeRun() {
        return Files.isRegularFile(runJson());
    }

    /** A file of this run as report.md links it: relative, with forward slashes on every system. */
    public String relative(Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
