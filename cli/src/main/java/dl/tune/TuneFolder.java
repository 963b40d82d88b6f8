package dl.tune;

import java.nio.file.Path;

/** The layout of a tune folder (SPEC §3). */
record TuneFolder(Path dir) {
    Path searchYaml() {
        return dir.resolve("search.yaml");
    }

    Path tuneJson() {
        return dir.resolve("tune.json");
    }

    Path trialsCsv() {
        return dir.resolve("trials.csv");
    }

    Path bestYaml() {
        return dir.resolve("best.yaml");
    }

    Path report() {
        return dir.resolve("report.md");
    }

    Path searchPng() {
        return dir.resolve("plots").resolve("search.png");
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path trial(int id) {
        return dir.resolve("trials").resolve(String.format("%04d", id));
    }
}
