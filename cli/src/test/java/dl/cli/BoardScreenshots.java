package dl.cli;

import dl.Browser;
import dl.Installed;
import dl.board.Board;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * scripts/board-screenshots: trains a few flower runs and a small study, serves them and saves the
 * four pages of `dl board` as PNGs (docs/board-*.png). Not a test: a tool kept beside the tests for
 * their class path.
 */
public final class BoardScreenshots {
    private BoardScreenshots() {}

    private static final String FLOWER =
            """
            name: NAME
            seed: 1
            task: binary
            data:
              train: {type: synthetic, kind: flower, examples: 400, noise: 0.2}
              split: {dev: 0.1, test: 0.1}
            model:
              init: xavier
              layers:
                - {type: dense, units: 4, activation: tanh, name: hidden}
                - {type: output}
            train:
              epochs: 300
              batch_size: full
              optimizer: {type: sgd, learning_rate: 1.2}
            eval:
              metric: accuracy
            """;

    private static final String SEARCH =
            """
            search:
              strategy: coarse_to_fine
              trials: 6
              rounds: 2
              space:
                train.optimizer.learning_rate: {log_uniform: [0.01, 5.0]}
                model.layers.hidden.units: {int: [1, 16], log: true}
            """;

    public static void main(String[] args) throws Exception {
        Installed.chromium();
        Path out = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "docs"));
        Path runs = args.length > 1 ? Path.of(args[1]) : trainAll();
        Path shallow = find(runs, "flower-shallow-");
        Path wide = find(runs, "flower-wide-");
        Path study = find(runs, "flower-tune-");
        try (Board board = Board.start(List.of(runs), "127.0.0.1", 0)) {
            ChromeDriver browser = Browser.headless(1280, 800);
            try {
                String url = board.url().toString();
                shoot(browser, url, out.resolve("board-runs.png"), 560);
                shoot(
                        browser,
                        url + "run?id=runs/" + shallow.getFileName(),
                        out.resolve("board-run.png"),
                        1100);
                shoot(
                        browser,
                        url
                                + "compare?id=runs/"
                                + shallow.getFileName()
                                + "&id=runs/"
                                + wide.getFileName(),
                        out.resolve("board-compare.png"),
                        1200);
                shoot(
                        browser,
                        url + "study?id=runs/" + study.getFileName(),
                        out.resolve("board-study.png"),
                        1450);
            } finally {
                browser.quit();
            }
        }
        System.exit(0);
    }

    /** The runs and the study the pages show, in a new temporary folder. */
    private static Path trainAll() throws Exception {
        Path work = Files.createTempDirectory("board-shots");
        Path runs = Files.createDirectories(work.resolve("runs"));
        Path config =
                Files.writeString(
                        work.resolve("flower.yaml"), FLOWER.replace("NAME", "flower-shallow"));
        Path shallow = train(config, runs);
        Path wide =
                train(
                        config,
                        runs,
                        "--name",
                        "flower-wide",
                        "--set",
                        "model.layers.hidden.units=12",
                        "--set",
                        "train.optimizer.learning_rate=0.6");
        train(config, runs, "--name", "flower-slow", "--set", "train.optimizer.learning_rate=0.05");
        train(
                Files.writeString(
                        work.resolve("logistic.yaml"),
                        FLOWER.replace("NAME", "flower-logistic")
                                .replace(
                                        "    - {type: dense, units: 4, activation: tanh, name: hidden}\n",
                                        "")),
                runs);
        run("eval", shallow.toString());
        run("eval", wide.toString());
        Path broken = Files.createDirectories(runs.resolve("flower-copy-20261129-120000"));
        String json = Files.readString(shallow.resolve("run.json"));
        Files.writeString(broken.resolve("run.json"), json.substring(0, json.length() / 3));
        run(
                "tune",
                Files.writeString(
                                work.resolve("tune.yaml"),
                                FLOWER.replace("NAME", "flower")
                                                .replace("epochs: 300", "epochs: 200")
                                        + SEARCH)
                        .toString(),
                "--runs",
                runs.toString());
        return runs;
    }

    private static Path find(Path runs, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "* in " + runs));
        }
    }

    private static Path train(Path config, Path runs, String... more) {
        String[] args =
                Stream.concat(
                                Stream.of("train", config.toString(), "--runs", runs.toString()),
                                Stream.of(more))
                        .toArray(String[]::new);
        return Path.of(run(args).trim());
    }

    private static String run(String... args) {
        Cli r = Cli.run(args);
        if (r.exit() != 0) throw new IllegalStateException(String.join(" ", args) + ": " + r.err());
        return r.out();
    }

    private static void shoot(ChromeDriver browser, String url, Path png, int height)
            throws Exception {
        browser.manage().window().setSize(new Dimension(1280, height));
        browser.get(url);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector("body[data-loaded]")).isEmpty());
        Thread.sleep(1500); // charts and the report arrive after the page's first data
        Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
        System.out.println(png + " " + Files.size(png) / 1024 + " KiB");
    }
}
