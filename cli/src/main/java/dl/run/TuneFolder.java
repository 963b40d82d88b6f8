package dl.run;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of a tune folder (docs/run-folder.md): every file name lives here. Beside RunFolder
 * rather than in tune, so that `dl runs` can read studies without depending on the search code.
 */
public record TuneFolder(Path dir) {
    /** Part of every study's folder name: `<name>-tune-<yyyyMMdd-HHmmss>`. */
    public static final String NAME_MARK = "-tune-";

    /** A new study's folder under runsDir, named like a run of `<name>-tune`. */
    public static TuneFolder create(Path runsDir, String name) {
        return new TuneFolder(
                RunFolder.create(runsDir, name + NAME_MARK.substring(0, NAME_MARK.length() - 1))
                        .dir());
    }

    public Path searchYaml() {
        return dir.resolve("search.yaml");
    }

    public Path tuneJson() {
        return dir.resolve("tune.json");
    }

    public Path trialsCsv() {
        return dir.resolve("trials.csv");
    }

    public Path bestYaml() {
        return dir.resolve("best.yaml");
    }

    public Path report() {
        return dir.resolve("report.md");
    }

    public Path searchPng() {
        return dir.resolve("plots").resolve("search.png");
    }

    public Path logs() {
        return dir.resolve("logs");
    }

    public Path trials() {
        return dir.resolve("trials");
    }

    public Path trial(int id) {
        return trials().resolve(String.format("%04d", id));
    }

    /**
     * A study's folder by its name and at least one of its own files (a study killed early has only
     * some).
     */
    public boolean looksLikeTune() {
        return dir.getFileName().toString().contains(NAME_MARK)
                && (Files.isRegularFile(trialsCsv())
                        || Files.isRegularFile(searchYaml())
                        || Files.isRegularFile(tuneJson()));
    }
}
