package dl.style;

import dl.data.ImagesSource;
import dl.spec.ConfigException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An image as planes of pixel values 0..255, laid out channels × height × width (1 channel: grey,
 * 3: R, G, B), the layout of dl's image data and of an NCHW tensor.
 */
record Picture(int channels, int height, int width, float[] planes) {

    /**
     * The image file, decoded whole, as colour or as grey (luminance); a missing or unreadable file
     * is a ConfigException naming {@code key}.
     */
    static Picture read(Path file, int channels, String key) {
        if (!Files.isRegularFile(file))
            throw new ConfigException(key + ": " + file + ": image file not found");
        ImagesSource.Rgb rgb;
        try {
            rgb = ImagesSource.rgb(file);
        } catch (ConfigException e) {
            throw new ConfigException(key + ": " + file + ": " + e.getMessage());
        }
        Picture colour = new Picture(3, rgb.height(), rgb.width(), rgb.planes());
        return channels == 1 ? colour.grey() : colour;
    }

    /** The luminance of a colour picture (0.299 R + 0.587 G + 0.114 B). */
    Picture grey() {
        if (channels == 1) return this;
        int area = height * width;
        float[] out = new float[area];
        for (int p = 0; p < area; p++)
            out[p] = ImagesSource.luminance(planes[p], planes[area + p], planes[2 * area + p]);
        return new Picture(1, height, width, out);
    }

    /** The size of G: {@code longer} pixels along the longer side, the aspect ratio kept. */
    int[] sizeFor(int longer) {
        if (height >= width)
            return new int[] {longer, Math.max(1, Math.round((float) width * longer / height))};
        return new int[] {Math.max(1, Math.round((float) height * longer / width)), longer};
    }

    Picture resized(int h, int w) {
        return new Picture(
                channels, h, w, ImagesSource.resize(planes, height, width, channels, h, w));
    }

    /**
     * Scaled to cover h × w and cut to it around the centre: a style image keeps its proportions,
     * so its texture is not stretched, and its Gram matrices count as many pixels as G's.
     */
    Picture covering(int h, int w) {
        double scale = Math.max((double) h / height, (double) w / width);
        int sh = Math.max(h, (int) Math.ceil(height * scale));
        int sw = Math.max(w, (int) Math.ceil(width * scale));
        Picture big = resized(sh, sw);
        int top = (sh - h) / 2;
        int left = (sw - w) / 2;
        float[] out = new float[channels * h * w];
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++)
                System.arraycopy(
                        big.planes, (c * sh + top + y) * sw + left, out, (c * h + y) * w, w);
        return new Picture(channels, h, w, out);
    }

    /** As a [1, C, H, W] tensor. */
    INDArray toArray(DataType type) {
        return Nd4j.create(planes, new long[] {1, channels, height, width}, 'c').castTo(type);
    }

    /** A [1, C, H, W] tensor of pixel values, rounded and kept within 0..255. */
    static Picture of(INDArray image) {
        long[] s = image.shape();
        float[] values = image.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < values.length; i++)
            values[i] = Math.min(255f, Math.max(0f, Math.round(values[i])));
        return new Picture((int) s[1], (int) s[2], (int) s[3], values);
    }

    BufferedImage image() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int area = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                int r = level(planes[p]);
                int g = channels == 1 ? r : level(planes[area + p]);
                int b = channels == 1 ? r : level(planes[2 * area + p]);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    private static int level(float v) {
        return Math.min(255, Math.max(0, Math.round(v)));
    }
}
