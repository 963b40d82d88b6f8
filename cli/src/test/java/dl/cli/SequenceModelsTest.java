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
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sequence layers end to end: gradients through time, text classification from a CSV, masks for
 * padded steps.
 */
class SequenceModelsTest {
    private static final Pattern WORST = Pattern.compile("worst relative difference ([0-9.eE+-]+)");

    @TempDir Path dir;

    /** 2-D points read as 2 time steps of 1 feature: every recurrent layer, many-to-one. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{type: rnn, units: 3}",
                "{type: lstm, units: 3}",
                "{type: gru, units: 3}",
                "{type: bidirectional, layer: {type: lstm, units: 3}, merge: concat}",
                "{type: bidirectional, layer: {type: gru, units: 3}, merge: add}",
                "{type: bidirectional, layer: {type: rnn, units: 3}, merge: average}",
                "{type: conv1d, filters: 4, kernel: 2, activation: tanh}\n    - {type: attention, heads: 2}"
            })
    void gradcheckPassesForRecurrentLayers(String layer) throws IOException {
        Path config = dir.resolve("gc.yaml");
        Files.writeString(
                config,
                """
                seed: 1
                data:
                  train: {type: synthetic, kind: spirals, examples: 60, classes: 3}
                  split: {dev: 10}
                model:
                  input: [2, 1]
                  layers:
                    - %s
                    - {type: last_step}
                    - {type: output}
                """
                        .formatted(layer));
        assertBelow(1e-5, Cli.run("gradcheck", config.toString()));
    }

    /**
     * A character language model on lines of different lengths: padded steps are masked in loss and
     * gradients.
     */
    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void gradcheckPassesForALanguageModelWithPaddedSequences(String type) throws IOException {
        Path config =
                animalsModel(
                        """
                            - {type: %s, units: 3}
                        """
                                .formatted(type),
                        "");
        assertBelow(1e-5, Cli.run("gradcheck", config.toString()));
    }

    /**
     * Dropout between two LSTMs of a language model on words of different lengths: DL4J's own
     * dropout layer fails on the padded batches' mask; the model trains, saves and samples.
     */
    @Test
    void dropoutBetweenRecurrentLayersTrainsOnPaddedSequences() throws IOException {
        Path config =
                animalsModel(
                        """
                            - {type: lstm, units: 8}
                            - {type: dropout, keep_prob: 0.8}
                            - {type: lstm, units: 8}
                            - {type: dropout, keep_prob: 0.8}
                        """,
                        "train: {epochs: 2, batch_size: 4}\n");
        Cli train = Cli.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, train.exit(), train.err());
        Cli sample = Cli.run("sample", train.out().trim(), "--n", "3");
        assertEquals(0, sample.exit(), sample.err());
        assertEquals(3, sample.out().lines().count(), sample.out());
    }

    /**
     * A character language model of animal names of 2 to 8 letters: an embedding, the given layers,
     * the output; {@code train} is appended as is.
     */
    private Path animalsModel(String layers, String train) throws IOException {
        Files.writeString(
                dir.resolve("animals.txt"),
                "cat\ndog\nmouse\nhorse\nox\nbird\nfish\nbee\nantelope\n");
        Path config = dir.resolve("lm.yaml");
        Files.writeString(
                config,
                """
                seed: 1
                task: language_model
                data:
                  train: {type: text, path: animals.txt, level: char}
                  split: {dev: 2}
                model:
                  layers:
                    - {type: embedding, units: 4}
                """
                        + layers
                        + """
                            - {type: output}
                        """
                        + train);
        return config;
    }

    private static void assertBelow(double limit, Cli gc) {
        assertEquals(0, gc.exit(), gc.err() + gc.out());
        Matcher m = WORST.matcher(gc.out());
        assertTrue(m.find(), gc.out());
        assertTrue(Double.parseDouble(m.group(1)) < limit, gc.out());
    }

    /**
     * Reviews whose label is carried by one word among filler words: an embedding + LSTM +
     * last_step learns it from a CSV text column. Texts run past max_length (the rest is cut) and
     * the test file has words never seen in training (they read as <UNK>).
     */
    @Test
    void textClassificationFromACsvColumn() throws IOException {
        Random r = new Random(7);
        String[] good = {"great", "good", "excellent", "lovely"};
        String[] bad = {"awful", "bad", "poor", "boring"};
        String[] filler = {
            "the", "film", "was", "a", "plot", "and", "actors", "story", "quite", "really", "it",
            "very"
        };
        List<String> trainRows = new ArrayList<>(List.of("id,review,label"));
        List<String> test = new ArrayList<>(List.of("id,review,label"));
        for (int i = 0; i < 700; i++) {
            boolean positive = r.nextBoolean();
            StringBuilder text = new StringBuilder();
            int words = 3 + r.nextInt(5);
            int at = r.nextInt(words);
            for (int w = 0; w < words; w++) {
                if (w > 0) text.append(' ');
                text.append(
                        w == at
                                ? (positive ? good : bad)[r.nextInt(4)]
                                : filler[r.nextInt(filler.length)]);
            }
            // a long tail past max_length (12 tokens) that the model never reads
            if (i % 10 == 0)
                text.append(
                        " and then the story went on and on for many more words than anyone needed");
            if (i < 500) {
                trainRows.add(i + ",\"" + text + "\"," + (positive ? "pos" : "neg"));
            } else {
                // unseen words in the test file: they become <UNK>
                test.add(i + ",\"Zyxx " + text + " qwerty!\"," + (positive ? "pos" : "neg"));
            }
        }
        Files.write(dir.resolve("reviews.csv"), trainRows);
        Files.write(dir.resolve("reviews-test.csv"), test);
        Path config = dir.resolve("reviews.yaml");
        Files.writeString(
                config,
                """
                name: reviews
                seed: 4
                data:
                  train: {type: csv, path: reviews.csv, text: review, label: label, level: word, max_length: 12}
                  test: {type: csv, path: reviews-test.csv, text: review, label: label, level: word, max_length: 12}
                  split: {dev: 100}
                model:
                  layers:
                    - {type: embedding, units: 8}
                    - {type: lstm, units: 16}
                    - {type: last_step}
                    - {type: output}
                train:
                  epochs: 12
                  batch_size: 32
                  optimizer: {type: adam, learning_rate: 0.01}
                """);
        Cli train = Cli.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, train.exit(), train.err());
        Path run = Path.of(train.out().trim());
        Cli eval = Cli.run("eval", run.toString());
        assertEquals(0, eval.exit(), eval.err());
        Map<String, Object> metrics = metrics(run.resolve("eval/test.json"));
        assertTrue(((Number) metrics.get("accuracy")).doubleValue() > 0.9, metrics.toString());
        Cli validate = Cli.run("validate", config.toString());
        assertTrue(validate.out().contains("EmbeddingSequenceLayer"), validate.out());
    }

    /** Mistakes with sequences are config errors: one line naming the key or the file, exit 2. */
    @Test
    void sequenceMistakesAreOneLineErrors() throws IOException {
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        Files.writeString(dir.resolve("empty.txt"), "\n\n");
        String lm =
                """
                task: language_model
                data:
                  train: {type: text, path: %s}
                  split: {dev: 0.2}
                model:
                  layers: [%s, {type: output}]
                """;
        assertOneLineError(
                "latin1.txt: not UTF-8 text", lm.formatted("latin1.txt", "{type: lstm, units: 4}"));
        assertOneLineError(
                "empty.txt: no text lines", lm.formatted("empty.txt", "{type: lstm, units: 4}"));
        Files.writeString(dir.resolve("words.txt"), "cat\ndog\nmouse\nhorse\nbee\n");
        assertOneLineError(
                "model.layers[2]: a language model predicts a token at every step",
                lm.formatted("words.txt", "{type: lstm, units: 4}, {type: last_step}"));
        assertOneLineError(
                "model.layers[0]: lstm needs a sequence",
                "data: {train: {type: synthetic, kind: moons, examples: 40}}\nmodel: {layers: [{type: lstm, units: 4}, {type: output}]}\n");
        assertOneLineError(
                "model.layers[1]: the output reads a sequence; add {type: last_step}",
                "data: {train: {type: synthetic, kind: moons, examples: 40}}\nmodel: {input: [2, 1], layers: [{type: gru, units: 4}, {type: output}]}\n");
    }

    private void assertOneLineError(String expected, String yaml) throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, yaml);
        Cli r = Cli.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Path evalJson) {
        return (Map<String, Object>) Json.read(evalJson).get("metrics");
    }
}
