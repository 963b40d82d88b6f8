package dl.data;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Examples in memory, one row each.
 *
 * @param x features, one flat row per example (images row-major as channels × height × width)
 * @param y class index per example for single-label classification, else null
 * @param targets regression values or multilabel 0/1 per example, else null
 * @param known multilabel: false where the label was unknown ("?" or empty) and is masked out, else
 *     null
 * @param classNames class names (single-label), or the label column names (multilabel, regression)
 * @param featureNames one name per column of x
 * @param origin where each example came from, for error analysis: "houses.csv:12",
 *     "train-images.gz#123"
 * @param shape shape of one example: [features] or [channels, height, width]; token sequences:
 *     [longest length]
 * @param text text sources: the raw text per example until a vocabulary encodes it, else null
 * @param vocabulary token sequences: x holds token ids (one row per sequence, rows of any length),
 *     else null
 * @param boxes detection: the boxes of each image, in its pixels (x holds the image), else null
 */
@RecordBuilder
public record Dataset(
        float[][] x,
        int[] y,
        float[][] targets,
        boolean[][] known,
        List<String> classNames,
        List<String> featureNames,
        String[] origin,
        int[] shape,
        String[] text,
        Vocabulary vocabulary,
        List<List<dl.data.detection.Box>> boxes) {

    /**
     * Examples with one class index each ({@code y}), or unlabeled ({@code y} null): no targets,
     * text, vocabulary or boxes, which is what most sources read.
     */
    public static Dataset of(
            float[][] x,
            int[] y,
            List<String> classNames,
            List<String> featureNames,
            String[] origin,
            int[] shape) {
        return DatasetBuilder.builder()
                .x(x)
                .y(y)
                .classNames(classNames)
                .featureNames(featureNames)
                .origin(origin)
                .shape(shape)
                .build();
    }

    public int size() {
        return x.length;
    }

    /**
     * SHA-256 of the features and labels, in order, as 16 hex digits: equal fingerprints mean the
     * same examples, which is how a resumed run tells that its data did not change.
     */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < size(); i++) {
                ByteBuffer buf = ByteBuffer.allocate(4 + x[i].length * 4);
                buf.putInt(x[i].length);
                for (float f : x[i]) buf.putFloat(f);
                md.update(buf.array(), 0, buf.position());
                if (text != null) md.update(text[i].getBytes(StandardCharsets.UTF_8));
                if (y != null) md.update(ByteBuffer.allocate(4).putInt(y[i]).array());
                if (targets != null) {
                    ByteBuffer t = ByteBuffer.allocate(targets[i].length * 4);
                    for (float f : targets[i]) t.putFloat(f);
                    md.update(t.array());
                }
                if (boxes != null) {
                    for (dl.data.detection.Box b : boxes.get(i))
                        md.update(b.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int features() {
        if (vocabulary != null) return shape[0];
        return x.length == 0 ? featureNames.size() : x[0].length;
    }

    /** The examples at these positions, in this order. */
    public Dataset subset(int[] rows) {
        float[][] sx = new float[rows.length][];
        int[] sy = y == null ? null : new int[rows.length];
        float[][] st = targets == null ? null : new float[rows.length][];
        boolean[][] sk = known == null ? null : new boolean[rows.length][];
        String[] so = new String[rows.length];
        String[] stext = text == null ? null : new String[rows.length];
        List<List<dl.data.detection.Box>> sb = boxes == null ? null : new java.util.ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            sx[i] = x[r];
            if (sy != null) sy[i] = y[r];
            if (st != null) st[i] = targets[r];
            if (sk != null) sk[i] = known[r];
            so[i] = origin[r];
            if (stext != null) stext[i] = text[r];
            if (sb != null) sb.add(boxes.get(r));
        }
        return new Dataset(
                sx, sy, st, sk, classNames, featureNames, so, shape, stext, vocabulary, sb);
    }

    public Dataset withX(float[][] newX) {
        return DatasetBuilder.builder(this).x(newX).build();
    }

    /** Detection: the same images with other boxes (augmentation moved them). */
    public Dataset withBoxes(List<List<dl.data.detection.Box>> newBoxes) {
        return DatasetBuilder.builder(this).boxes(newBoxes).build();
    }

    /** Raw text per example, for a vocabulary to encode after the split. */
    public Dataset withText(String[] newText) {
        return DatasetBuilder.builder(this).text(newText).build();
    }

    /** Token ids per example (rows of any length), their vocabulary and the longest length. */
    public Dataset encoded(
            float[][] ids, Vocabulary vocab, List<String> newClassNames, int longest) {
        return DatasetBuilder.builder(this)
                .x(ids)
                .classNames(newClassNames)
                .featureNames(vocab.tokens())
                .shape(new int[] {longest})
                .vocabulary(vocab)
                .build();
    }

    /** Whether x holds token ids of a vocabulary rather than feature values. */
    public boolean tokens() {
        return vocabulary != null;
    }
}
