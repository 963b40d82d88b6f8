package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dl.data.Dataset;
import dl.data.Normalizer;
import dl.experiment.Experiment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dl embed}, {@code dl verify} and {@code dl identify} on a small glyphs run, against its
 * own test metrics: the images of the 20 unseen test identities are written as PNG folders, one per
 * identity, and go through the commands as a user's images would.
 */
class EmbeddingCommandsTest {
    @TempDir static Path dir;

    /** 200 identities of 5 images, 20 of them unseen in test. */
    static final String CONFIG =
            """
            name: verify
            seed: 3
            task: embedding
            data:
              train: {type: synthetic, kind: glyphs, identities: 200, per_identity: 5, size: 16}
              split: {by: class, dev: 20, test: 20}
              normalize: {scale: 255}
            model:
              input: [16, 16, 1]
              layers:
                - {type: conv2d, filters: 16, kernel: 3, padding: same, activation: relu}
                - {type: batchnorm}
                - {type: maxpool, size: 2}
                - {type: conv2d, filters: 32, kernel: 3, padding: same, activation: relu}
                - {type: batchnorm}
                - {type: maxpool, size: 2}
                - {type: flatten}
                - {type: embedding, units: 32, normalize: l2}
            train:
              epochs: 10
              batch_size: {identities: 12, per_identity: 4}
              optimizer: {type: adam, learning_rate: 0.003}
            """;

    static Path run;

    /** The test split's images: people/&lt;identity&gt;/&lt;k&gt;.png. */
    static Path people;

    /** The image files of each test identity, in order. */
    static final Map<String, List<Path>> IMAGES = new LinkedHashMap<>();

    /** eval/test.json's metrics: what the run reports on these identities. */
    static JsonNode reported;

    @BeforeAll
    static void trainAndWriteTheTestIdentities() throws IOException {
        Path config = dir.resolve("verify.yaml");
        Files.writeString(config, CONFIG);
        Cli train = Cli.run("train", config.toString(), "--runs", dir.toString());
        assertEquals(0, train.exit(), train.err());
        run = Path.of(train.out().trim());
        Cli eval = Cli.run("eval", run.toString());
        assertEquals(0, eval.exit(), eval.err());
        reported =
                new ObjectMapper().readTree(run.resolve("eval/test.json").toFile()).get("metrics");

        Experiment e = Experiment.load(run.resolve("config.yaml"), List.of(), null);
        Dataset test = e.data().splits().test();
        Normalizer normalizer = e.data().normalizer();
        people = dir.resolve("people");
        for (int i = 0; i < test.size(); i++) {
            // "U+0041 A": the code point names the folder (some characters cannot: /)
            String identity = test.classNames().get(test.y()[i]).split(" ")[0];
            List<Path> files = IMAGES.computeIfAbsent(identity, k -> new ArrayList<>());
            Path png = people.resolve(identity).resolve(files.size() + ".png");
            Files.createDirectories(png.getParent());
            writeGrey(normalizer.restore(test.x()[i]), test.shape(), png);
            files.add(png);
        }
        assertEquals(20, IMAGES.size(), "the unseen test identities");
    }

    private static void writeGrey(float[] pixels, int[] shape, Path png) throws IOException {
        BufferedImage img = new BufferedImage(shape[2], shape[1], BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < shape[1]; y++)
            for (int x = 0; x < shape[2]; x++)
                img.getRaster().setSample(x, y, 0, Math.round(pixels[y * shape[2] + x]));
        ImageIO.write(img, "png", png.toFile());
    }

    /** Grey PNG images of one size as an IDX3 file (magic 0x803, count, rows, columns, bytes). */
    private static void writeIdx(List<Path> pngs, Path idx) throws IOException {
        BufferedImage first = ImageIO.read(pngs.get(0).toFile());
        int h = first.getHeight();
        int w = first.getWidth();
        ByteBuffer b = ByteBuffer.allocate(16 + pngs.size() * h * w);
        b.putInt(0x803).putInt(pngs.size()).putInt(h).putInt(w);
        for (Path png : pngs) {
            BufferedImage img = ImageIO.read(png.toFile());
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) b.put((byte) img.getRaster().getSample(x, y, 0));
        }
        Files.write(idx, b.array());
    }

    /** distance, threshold and the verdict that dl verify prints. */
    private record Verdict(double distance, double threshold, boolean same) {}

    private static Verdict verify(Path a, Path b) {
        Cli v = Cli.run("verify", run.toString(), a.toString(), b.toString());
        assertEquals(0, v.exit(), v.err());
        List<String> lines = v.out().lines().toList();
        assertEquals(3, lines.size(), v.out());
        String verdict = lines.get(2);
        assertTrue(verdict.equals("same") || verdict.equals("different"), verdict);
        return new Verdict(
                Double.parseDouble(lines.get(0).split("\\s+")[1]),
                Double.parseDouble(lines.get(1).split("\\s+")[1]),
                verdict.equals("same"));
    }

    /**
     * 20 same pairs and 20 different pairs drawn at random (not chosen by their distance): most of
     * each kind are called right, and the share called right is the accuracy the run reports on all
     * its test pairs, within three standard errors of a 40-pair sample (binomial: 3·√(a(1 − a)/40),
     * about 0.19 at a = 0.8), so an honest model fails it by chance about once in a thousand draws.
     */
    @Test
    void verifySaysSameForOneIdentityAndDifferentForTwo() {
        List<String> ids = new ArrayList<>(IMAGES.keySet());
        Random random = new Random(11);
        int sameRight = 0;
        int differentRight = 0;
        double threshold = reported.get("threshold").asDouble();
        for (int k = 0; k < 20; k++) {
            List<Path> one = IMAGES.get(ids.get(random.nextInt(ids.size())));
            int i = random.nextInt(one.size());
            int j = (i + 1 + random.nextInt(one.size() - 1)) % one.size();
            Verdict same = verify(one.get(i), one.get(j));
            assertEquals(threshold, same.threshold(), 1e-4, "the threshold chosen on dev");
            if (same.same()) sameRight++;

            int a = random.nextInt(ids.size());
            int b = (a + 1 + random.nextInt(ids.size() - 1)) % ids.size();
            List<Path> first = IMAGES.get(ids.get(a));
            List<Path> second = IMAGES.get(ids.get(b));
            Verdict different =
                    verify(
                            first.get(random.nextInt(first.size())),
                            second.get(random.nextInt(second.size())));
            if (!different.same()) differentRight++;
        }
        assertTrue(sameRight > 10, sameRight + " of 20 same pairs called same");
        assertTrue(differentRight > 10, differentRight + " of 20 different pairs called different");
        double accuracy = reported.get("accuracy").asDouble();
        double tolerance = 3 * Math.sqrt(accuracy * (1 - accuracy) / 40);
        double measured = (sameRight + differentRight) / 40.0;
        assertTrue(
                measured >= accuracy - tolerance,
                "accuracy " + measured + " on 40 pairs, reported " + accuracy + " ± " + tolerance);
    }

    /**
     * A gallery of one random image per unseen identity (files named by identity), the others as
     * queries, as one-shot accuracy is measured; ten galleries drawn here, as the metric averages
     * ten of its own. Which image stands for an identity moves a gallery's accuracy far more than
     * the queries do (0.53 to 0.70 on this run), so the two means differ by chance: the tolerance
     * is three standard errors of that difference, √2 · s / √10 with s the spread of the galleries
     * drawn here (about 0.09).
     */
    @Test
    void identifyWithAOneImageGalleryReachesTheReportedOneShotAccuracy() throws IOException {
        Random random = new Random(5);
        double sum = 0;
        int galleries = 10;
        double[] perGallery = new double[galleries];
        for (int g = 0; g < galleries; g++) {
            Path gallery = Files.createDirectories(dir.resolve("gallery-" + g));
            Path queries = Files.createDirectories(dir.resolve("queries-" + g));
            for (Map.Entry<String, List<Path>> id : IMAGES.entrySet()) {
                List<Path> files = id.getValue();
                int pick = random.nextInt(files.size());
                for (int i = 0; i < files.size(); i++) {
                    Path target =
                            i == pick
                                    ? gallery.resolve(id.getKey() + ".png")
                                    : queries.resolve(id.getKey()).resolve(i + ".png");
                    Files.createDirectories(target.getParent());
                    Files.copy(files.get(i), target);
                }
            }
            Cli r =
                    Cli.run(
                            "identify",
                            run.toString(),
                            "--gallery",
                            gallery.toString(),
                            queries.toString());
            assertEquals(0, r.exit(), r.err());
            List<String> rows = r.out().lines().toList();
            assertEquals("image,identity,nearest,distance", rows.get(0));
            assertEquals(queryCount(), rows.size() - 1, "every image but the gallery's");
            int right = 0;
            double threshold = reported.get("threshold").asDouble();
            for (String row : rows.subList(1, rows.size())) {
                String[] cells = row.split(",");
                String truth = queries.relativize(Path.of(cells[0])).getName(0).toString();
                if (cells[2].equals(truth)) right++;
                double distance = Double.parseDouble(cells[3]);
                assertEquals(
                        distance <= threshold ? cells[2] : "unknown",
                        cells[1],
                        "unknown above the threshold: " + row);
            }
            sum += right / (double) queryCount();
            perGallery[g] = right / (double) queryCount();
        }
        double measured = sum / galleries;
        double spread = 0;
        for (double a : perGallery) spread += (a - measured) * (a - measured);
        spread = Math.sqrt(spread / (galleries - 1));
        double tolerance = 3 * Math.sqrt(2) * spread / Math.sqrt(galleries);
        double oneShot = reported.get("one_shot_accuracy").asDouble();
        assertTrue(
                measured >= oneShot - tolerance,
                "one-shot accuracy "
                        + measured
                        + " by dl identify, reported "
                        + oneShot
                        + " ± "
                        + tolerance);
    }

    private static int queryCount() {
        return IMAGES.values().stream().mapToInt(files -> files.size() - 1).sum();
    }

    @Test
    void embedWritesAUnitVectorPerImageWithTheIdentityOfItsFolder() throws IOException {
        Path csv = dir.resolve("embeddings.csv");
        Cli r = Cli.run("embed", run.toString(), people.toString(), "--out", csv.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.get(0).startsWith("source,identity,e1,e2,"), rows.get(0));
        assertTrue(rows.get(0).endsWith(",e32"), rows.get(0));
        assertEquals(20 * 5 + 1, rows.size());
        Map<String, float[]> bySource = new LinkedHashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            assertEquals(cells[0].split("/")[0], cells[1], "the identity is the folder: " + row);
            float[] e = new float[32];
            double norm = 0;
            for (int k = 0; k < 32; k++) {
                e[k] = Float.parseFloat(cells[2 + k]);
                norm += e[k] * e[k];
            }
            assertEquals(1, Math.sqrt(norm), 1e-4, "normalize: l2");
            bySource.put(cells[0], e);
        }
        // one image alone embeds as within its folder, and verify measures the same distance
        String id = IMAGES.keySet().iterator().next();
        Cli single = Cli.run("embed", run.toString(), IMAGES.get(id).get(0).toString());
        assertEquals(0, single.exit(), single.err());
        String[] cells = single.out().lines().toList().get(1).split(",");
        assertEquals("", cells[1], "a single image has no identity");
        for (int k = 0; k < 32; k++)
            assertEquals(bySource.get(id + "/0.png")[k], Float.parseFloat(cells[2 + k]), 1e-6);
        // the same images as an IDX file, as dl predict reads one: rows by index, no identity
        List<Path> three = IMAGES.get(id).subList(0, 3);
        Path idx = dir.resolve("three-idx3-ubyte");
        writeIdx(three, idx);
        Cli fromIdx = Cli.run("embed", run.toString(), idx.toString());
        assertEquals(0, fromIdx.exit(), fromIdx.err());
        List<String> idxRows = fromIdx.out().lines().toList();
        assertEquals(4, idxRows.size(), fromIdx.out());
        for (int i = 0; i < 3; i++) {
            String[] row = idxRows.get(1 + i).split(",");
            assertEquals("three-idx3-ubyte#" + i + ",", row[0] + "," + row[1]);
            for (int k = 0; k < 32; k++)
                assertEquals(
                        bySource.get(id + "/" + i + ".png")[k], Float.parseFloat(row[2 + k]), 1e-6);
        }

        float[] a = bySource.get(id + "/0.png");
        float[] b = bySource.get(id + "/1.png");
        double d = 0;
        for (int k = 0; k < 32; k++) d += (a[k] - b[k]) * (a[k] - b[k]);
        assertEquals(
                Math.sqrt(d),
                verify(IMAGES.get(id).get(0), IMAGES.get(id).get(1)).distance(),
                1e-4);
    }

    @Test
    void badInputIsExit2WithOneLine() throws IOException {
        Path image = IMAGES.values().iterator().next().get(0);
        Path empty = Files.createDirectories(dir.resolve("empty-gallery"));
        Path hollow = Files.createDirectories(dir.resolve("hollow-gallery").resolve("nobody"));
        Files.writeString(dir.resolve("notes.txt"), "not an image\n");
        List<List<String>> cases =
                List.of(
                        List.of("verify", run.toString(), image.toString(), "missing.png"),
                        List.of("verify", run.toString(), image.toString(), people.toString()),
                        List.of("embed", dir.toString(), image.toString()),
                        List.of("embed", run.toString(), dir.resolve("nothing").toString()),
                        List.of(
                                "identify",
                                run.toString(),
                                "--gallery",
                                empty.toString(),
                                image.toString()),
                        List.of(
                                "identify",
                                run.toString(),
                                "--gallery",
                                hollow.getParent().toString(),
                                image.toString()),
                        List.of(
                                "identify",
                                run.toString(),
                                "--gallery",
                                image.toString(),
                                image.toString()),
                        List.of(
                                "verify",
                                run.toString(),
                                image.toString(),
                                image.toString(),
                                "--checkpoint",
                                "nope.zip"));
        for (List<String> args : cases) {
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), args + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }

        Path flower = dir.resolve("flower.yaml");
        Files.writeString(
                flower,
                """
                data: {train: {type: synthetic, kind: flower, examples: 100}}
                model: {layers: [{type: dense, units: 4}, {type: output}]}
                train: {epochs: 1}
                """);
        Cli train = Cli.run("train", flower.toString(), "--runs", dir.toString());
        assertEquals(0, train.exit(), train.err());
        Cli r = Cli.run("verify", train.out().trim(), image.toString(), image.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("not an embedding run (task: binary)"), r.err());
    }
}
