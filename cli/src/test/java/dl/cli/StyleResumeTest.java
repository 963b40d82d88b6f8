package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real `dl style` process saves the image and a checkpoint and exits 130; `dl style
 * --resume` continues from that iteration to the same costs as a run never interrupted.
 */
class StyleResumeTest {
    @TempDir Path dir;

    /** 80 iterations from a noisy start: long enough for an interrupt to land between them. */
    private Path config() throws IOException {
        Path config = StyleCommandTest.config(dir, "init: mix");
        Files.writeString(
                config, Files.readString(config).replace("iterations: 30", "iterations: 80"));
        return config;
    }

    /** Every column but the seconds. */
    private static List<String> costs(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(run.resolve("metrics.csv")))
            out.add(l.substring(0, l.lastIndexOf(',')));
        return out;
    }

    @Test
    void sigintSavesTheImageAndResumeContinuesToTheSameCosts() throws Exception {
        Path config = config();
        Path runs = dir.resolve("interrupted");
        Process p =
                Cli.spawn(
                        dir.resolve("style.log"),
                        "style",
                        config.toString(),
                        "--runs",
                        runs.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path run = null;
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (run == null && Files.isDirectory(runs)) {
                try (Stream<Path> s = Files.list(runs)) {
                    run = s.findFirst().orElse(null);
                }
            }
            if (run != null && Files.exists(run.resolve("progress/iter-0010.png"))) break;
            Thread.sleep(20);
        }
        assertTrue(
                p.isAlive(),
                "the run ended before the interrupt: "
                        + Files.readString(dir.resolve("style.log")));
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertEquals(130, p.waitFor(), Files.readString(dir.resolve("style.log")));
        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals("interrupted", info.get("status"));
        assertTrue(Files.isRegularFile(run.resolve("result.png")), "the current image is saved");
        List<String> before = costs(run);
        int stoppedAt = before.size() - 1;
        assertTrue(stoppedAt >= 10 && stoppedAt < 80, "stopped at iteration " + stoppedAt);

        Cli resumed = Cli.run("style", "--resume", run.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals("completed", Json.read(run.resolve("run.json")).get("status"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> resumes =
                (List<Map<String, Object>>) Json.read(run.resolve("run.json")).get("resumes");
        assertEquals(1, resumes.size());
        assertEquals(stoppedAt, ((Number) resumes.get(0).get("batch")).intValue());

        Cli reference =
                Cli.run("style", config.toString(), "--runs", dir.resolve("reference").toString());
        assertEquals(0, reference.exit(), reference.err());
        assertEquals(costs(Path.of(reference.out().trim())), costs(run));
    }
}
