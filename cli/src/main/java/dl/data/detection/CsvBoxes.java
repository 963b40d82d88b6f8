package dl.data.detection;

import dl.data.CsvSource;
import dl.data.ImagesSource;
import dl.spec.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Boxes in a CSV file and images in a folder ({@code {type: csv, path: boxes.csv, images: DIR}}).
 *
 * <ul>
 *   <li>A header row names the columns {@code image, x1, y1, x2, y2, class} (any order, any case;
 *       other columns are ignored); each further row is one box. Parsing is Jackson's CSV reader
 *       (quoted fields, CRLF or LF, blank lines skipped, a UTF-8 BOM ignored, cells trimmed).
 *   <li>{@code image} is the path of an image file relative to the images folder, with {@code /}
 *       separators. The examples are every image file of the folder, sub-folders included (hidden
 *       files and folders skipped), in the order of their relative paths; an image without a row
 *       has no boxes. A row naming a file that is not there is an error.
 *   <li>Coordinates are the continuous 0-based pixel coordinates of {@link Box}: {@code x1, y1} the
 *       top-left corner, {@code x2, y2} the bottom-right one, exclusive, so a box covering pixel
 *       columns 3..7 is {@code 3,…,8}; {@code 0 ≤ x1 < x2 ≤ width} (the same for y). Boxes keep the
 *       order of their rows.
 *   <li>Classes: those given, in their order (another name is an error), or else every name found,
 *       sorted.
 * </ul>
 *
 * <p>Problems name {@code file:line}: a missing image, a coordinate that is not a number, an empty
 * box, one outside its image, an unknown class, a row with too few fields.
 */
public final class CsvBoxes {
    static final List<String> COLUMNS = List.of("image", "x1", "y1", "x2", "y2", "class");

    private CsvBoxes() {}

    /**
     * The images of {@code imagesFolder} at their own sizes with the boxes of {@code csv}.
     *
     * @param classNames the classes in label order, or null to take the names found, sorted
     */
    public static DetectionSet read(Path csv, Path imagesFolder, List<String> classNames) {
        if (!Files.isRegularFile(csv)) throw new ConfigException(csv + ": boxes file not found");
        if (!Files.isDirectory(imagesFolder)) {
            throw new ConfigException(imagesFolder + ": images folder not found");
        }
        Map<String, Path> images = new TreeMap<>();
        try {
            collect(imagesFolder, imagesFolder, images);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(imagesFolder + ": cannot list: " + e.getMessage());
        }

        ProblemList problems = new ProblemList();
        Map<String, List<Annotations.Raw>> byImage = new LinkedHashMap<>();
        images.keySet().forEach(k -> byImage.put(k, new ArrayList<>()));
        List<Annotations.Raw> all = new ArrayList<>();
        rows(csv, imagesFolder, images, byImage, all, problems);
        List<String> classes = Annotations.classes(classNames, all);
        Map<String, Integer> index = Annotations.index(classes);

        List<DetectionExample> examples = new ArrayList<>();
        for (Map.Entry<String, Path> image : images.entrySet()) {
            ImagesSource.Rgb decoded;
            try {
                decoded = ImagesSource.rgb(image.getValue());
            } catch (ConfigException e) {
                problems.add(image.getValue() + ": " + e.getMessage());
                continue;
            }
            int w = decoded.width();
            int h = decoded.height();
            float[] pixels = decoded.planes();
            List<Box> boxes =
                    Annotations.boxes(byImage.get(image.getKey()), index, classes, w, h, problems);
            examples.add(new DetectionExample(image.getKey(), 3, h, w, pixels, boxes));
        }
        problems.throwIfAny();
        if (examples.isEmpty()) throw new ConfigException(imagesFolder + ": no images");
        return new DetectionSet(examples, classes);
    }

    /** The rows' boxes, per image, each with its {@code file:line}. */
    private static void rows(
            Path csv,
            Path imagesFolder,
            Map<String, Path> images,
            Map<String, List<Annotations.Raw>> byImage,
            List<Annotations.Raw> all,
            ProblemList problems) {
        String text;
        try {
            text = new String(Files.readAllBytes(csv), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(csv + ": cannot read: " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<Integer> lines = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        CsvSource.parse(text, ',', 0, csv.toString(), lines, rows);
        if (rows.isEmpty()) {
            throw new ConfigException(
                    csv + ":1: no header row (" + String.join(",", COLUMNS) + ")");
        }
        String[] header = rows.get(0);
        int[] at = new int[COLUMNS.size()];
        List<String> missing = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String h : header) names.add(h.toLowerCase(Locale.ROOT));
        for (int c = 0; c < COLUMNS.size(); c++) {
            at[c] = names.indexOf(COLUMNS.get(c));
            if (at[c] < 0) missing.add(COLUMNS.get(c));
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(
                    csv
                            + ":"
                            + lines.get(0)
                            + ": the header must name the columns "
                            + String.join(", ", COLUMNS)
                            + "; missing: "
                            + String.join(", ", missing));
        }
        List<String> twice = Annotations.duplicates(names);
        if (!twice.isEmpty()) {
            throw new ConfigException(
                    csv
                            + ":"
                            + lines.get(0)
                            + ": columns named twice: "
                            + String.join(", ", twice));
        }
        for (int r = 1; r < rows.size(); r++) {
            String[] cells = rows.get(r);
            String where = csv + ":" + lines.get(r);
            if (cells.length != header.length) {
                problems.add(
                        where
                                + ": expected "
                                + header.length
                                + " fields (as in the header), found "
                                + cells.length);
                continue;
            }
            String image = cells[at[0]].replace('\\', '/');
            if (image.isEmpty()) {
                problems.add(where + ": no image");
                continue;
            }
            if (!images.containsKey(image)) {
                problems.add(where + ": image not found: " + imagesFolder.resolve(image));
                continue;
            }
            double[] v = new double[4];
            boolean ok = true;
            for (int k = 0; k < 4; k++) {
                String cell = cells[at[k + 1]];
                v[k] = Annotations.number(cell);
                if (Double.isNaN(v[k])) {
                    problems.add(
                            where + ": " + COLUMNS.get(k + 1) + " is not a number: '" + cell + "'");
                    ok = false;
                }
            }
            String cls = cells[at[5]];
            if (cls.isEmpty()) {
                problems.add(where + ": no class");
                ok = false;
            }
            if (!ok) continue;
            Annotations.Raw raw = new Annotations.Raw(where, cls, v[0], v[1], v[2], v[3], null);
            byImage.get(image).add(raw);
            all.add(raw);
        }
    }

    /** Image files under {@code dir}, keyed by their path relative to {@code root}. */
    private static void collect(Path root, Path dir, Map<String, Path> found) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.toList();
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(".")) continue;
            if (Files.isDirectory(p)) {
                collect(root, p, found);
            } else if (Files.isRegularFile(p) && ImagesSource.isImageName(name)) {
                found.put(root.relativize(p).toString().replace('\\', '/'), p);
            }
        }
    }
}
