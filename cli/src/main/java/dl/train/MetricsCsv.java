package dl.train;

import dl.run.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * metrics.csv: one row per epoch, `epoch, learning_rate, train_loss, dev_loss, train_<m>, dev_<m>,
 * seconds, examples_per_second`.
 */
public final class MetricsCsv implements TrainingListener {
    private List<String> metricNames;

    @Override
    public void onEpoch(EpochResult r, TrainingSession s) {
        Path file = s.run().metricsCsv();
        if (metricNames == null) {
            metricNames = new ArrayList<>(r.train().metrics().keySet());
            metricNames.remove("loss");
            if (!Files.exists(file)) AtomicFiles.writeString(file, header() + "\n");
        }
        List<String> cells = new ArrayList<>();
        cells.add(String.valueOf(r.epoch()));
        cells.add(num(r.learningRate()));
        cells.add(num(r.value("train_loss")));
        cells.add(num(r.value("dev_loss")));
        for (String m : metricNames) cells.add(num(r.value("train_" + m)));
        for (String m : metricNames) cells.add(num(r.value("dev_" + m)));
        cells.add(String.format(Locale.ROOT, "%.3f", r.seconds()));
        cells.add(String.format(Locale.ROOT, "%.1f", r.examplesPerSecond()));
        try {
            // one write per row: a kill leaves whole rows only
            Files.write(
                    file,
                    (String.join(",", cells) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private String header() {
        List<String> h =
                new ArrayList<>(List.of("epoch", "learning_rate", "train_loss", "dev_loss"));
        for (String m : metricNames) h.add("train_" + m);
        for (String m : metricNames) h.add("dev_" + m);
        h.add("seconds");
        h.add("examples_per_second");
        return String.join(",", h);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
