package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.Browser;
import dl.Installed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * `dl board` as a process, driven by headless Chromium: the runs table, a run's chart against its
 * metrics.csv, a run that trains while its page is open, the compare page's differing key.
 */
class BoardBrowserTest {
    @TempDir Path dir;

    /** The flower set, logistic regression: a few fast epochs. */
    private static final String CONFIG =
            """
            name: flower
            seed: 1
            task: binary
            data:
              train: {type: synthetic, kind: flower, examples: 200, noise: 0.2}
              split: {dev: 0.1, test: 0.1}
            model:
              layers:
                - {type: output}
            train:
              epochs: 6
              batch_size: full
              optimizer: {type: sgd, learning_rate: 0.5}
            eval:
              metric: accuracy
            """;

    /** Slow enough to watch: a few tenths of a second an epoch on two cores, 40 epochs. */
    private static final String SLOW =
            CONFIG.replace("name: flower", "name: slow")
                    .replace("examples: 200", "examples: 2000")
                    .replace(
                            "- {type: output}",
                            "- {type: dense, units: 16, activation: tanh}\n    - {type: output}")
                    .replace("epochs: 6", "epochs: 40")
                    .replace("batch_size: full", "batch_size: 16");

    private Path train(Path config, Path runs, String... set) {
        List<String> args =
                new ArrayList<>(List.of("train", config.toString(), "--runs", runs.toString()));
        for (String s : set) args.addAll(List.of("--set", s));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return Path.of(r.out().trim());
    }

    private static long rows(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).size() - 1L;
    }

    private static String id(Path run) {
        return "runs/" + run.getFileName();
    }

    @Test
    void theBoardShowsRunsCurvesLiveEpochsAndConfigDifferences() throws Exception {
        Installed.chromium();
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Path config = Files.writeString(dir.resolve("flower.yaml"), CONFIG);
        Path fast = train(config, runs, "train.optimizer.learning_rate=0.5");
        Path slow = train(config, runs, "train.optimizer.learning_rate=0.1");

        Process board =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dl.cli.Main",
                                "board",
                                runs.toString(),
                                "--port",
                                "0")
                        .redirectError(dir.resolve("board.err").toFile())
                        .start();
        ChromeDriver browser = null;
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(board.getInputStream(), StandardCharsets.UTF_8));
            String url =
                    CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
            assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/"), url);

            browser = Browser.headless(1280, 1000);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

            // the runs table lists the runs of the folder
            browser.get(url);
            wait.until(d -> rowIds(d).size() == 2);
            assertEquals(List.of(id(slow), id(fast)), rowIds(browser));
            noReload(browser);

            // a run started now appears in the open table by itself
            CompletableFuture<Path> live =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return train(
                                            Files.writeString(dir.resolve("slow.yaml"), SLOW),
                                            runs);
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            wait.until(d -> rowIds(d).size() == 3);
            assertReloadFree(browser);
            Path liveRun = newest(runs);
            assertTrue(liveRun.getFileName().toString().startsWith("slow-"), liveRun.toString());

            // its page gains epochs while it trains, without a reload
            browser.get(url + "run?id=" + id(liveRun));
            wait.until(d -> d.findElements(By.cssSelector("body[data-loaded]")).size() == 1);
            noReload(browser);
            int opened = points(browser);
            assertTrue(
                    live.isDone() == false,
                    "the run ended before its page opened: make SLOW slower");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            List<Integer> seen = new ArrayList<>(List.of(opened));
            while (!live.isDone() && System.nanoTime() < deadline) {
                int p = points(browser);
                if (p != seen.get(seen.size() - 1)) seen.add(p);
                Thread.sleep(200);
            }
            live.get(180, TimeUnit.SECONDS);
            wait.until(
                    d -> {
                        try {
                            return points(d) == rows(liveRun);
                        } catch (IOException e) {
                            return false;
                        }
                    });
            assertReloadFree(browser);
            // at least one growth seen while the run trained (how many depends on the machine's
            // load)
            assertTrue(seen.size() >= 2, "the chart grew while the run trained: " + seen);
            wait.until(
                    d ->
                            "completed"
                                    .equals(
                                            ((JavascriptExecutor) d)
                                                    .executeScript(
                                                            "return document.querySelector('h1 .badge').textContent")));
            assertReloadFree(browser);

            // a finished run's chart has a point per row of metrics.csv
            browser.get(url + "run?id=" + id(fast));
            wait.until(d -> points(d) > 0);
            assertEquals(rows(fast), points(browser));
            assertEquals(6, points(browser));
            assertEquals(1, browser.findElements(By.cssSelector("#chart-loss canvas")).size());
            wait.until(d -> !d.findElements(By.cssSelector("#report table")).isEmpty());

            // the compare page shows the one key that differs
            browser.get(url + "compare?id=" + id(fast) + "&id=" + id(slow));
            wait.until(d -> !d.findElements(By.cssSelector("#diff tbody tr")).isEmpty());
            List<WebElement> diff = browser.findElements(By.cssSelector("#diff tbody tr"));
            assertEquals(1, diff.size(), browser.findElement(By.id("diff")).getText());
            assertEquals(
                    "train.optimizer.learning_rate",
                    diff.get(0).findElement(By.cssSelector("td.key")).getText());
            assertEquals(
                    List.of("0.5", "0.1"),
                    diff.get(0).findElements(By.cssSelector("td.val")).stream()
                            .map(WebElement::getText)
                            .toList());
        } finally {
            if (browser != null) browser.quit();
            new ProcessBuilder("kill", "-INT", String.valueOf(board.pid())).start().waitFor();
            assertTrue(board.waitFor(20, TimeUnit.SECONDS), "Ctrl-C did not stop the board");
        }
        assertEquals(130, board.exitValue(), Files.readString(dir.resolve("board.err")));
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ids of the runs table's rows, read in one script: the table is redrawn every 2 s. */
    @SuppressWarnings("unchecked")
    private static List<String> rowIds(WebDriver d) {
        return (List<String>)
                ((JavascriptExecutor) d)
                        .executeScript(
                                "return [...document.querySelectorAll('#runs tbody tr')].map(tr => tr.dataset.id);");
    }

    /** The points the run page's loss chart draws (the chart sets data-points to its x count). */
    private static int points(WebDriver d) {
        Object n =
                ((JavascriptExecutor) d)
                        .executeScript(
                                "const c = document.getElementById('chart-loss');"
                                        + " return c && c.dataset.points ? Number(c.dataset.points) : 0;");
        return ((Number) n).intValue();
    }

    /** A mark in the page's window: gone after any reload. */
    private static void noReload(WebDriver d) {
        ((JavascriptExecutor) d).executeScript("window.__sameDocument = true;");
    }

    private static void assertReloadFree(WebDriver d) {
        assertEquals(
                Boolean.TRUE,
                ((JavascriptExecutor) d).executeScript("return window.__sameDocument === true;"),
                "the page was reloaded");
    }

    private static Path newest(Path runs) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(p -> p.getFileName().toString().startsWith("slow-"))
                    .findFirst()
                    .orElseThrow();
        }
    }
}
