package dl.data.detection;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One image and its boxes.
 *
 * @param origin where the image came from (its path relative to the images folder, or the index of
 *     a synthetic image), for messages and reports
 * @param pixels {@code channels × height × width} values 0..255, row-major, as the planes of {@code
 *     dl.data}'s images source
 * @param boxes any number, none included, in the image's pixel coordinates
 */
public record DetectionExample(
        String origin, int channels, int height, int width, float[] pixels, List<Box> boxes) {

    public DetectionExample {
        Objects.requireNonNull(origin, "origin");
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "shape " + channels + " × " + height + " × " + width + " is empty");
        }
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException(
                    pixels.length
                            + " pixel values for "
                            + channels
                            + " × "
                            + height
                            + " × "
                            + width);
        }
        boxes = List.copyOf(boxes);
    }

    /** The same image with other boxes. */
    public DetectionExample withBoxes(List<Box> newBoxes) {
        return new DetectionExample(origin, channels, height, width, pixels, newBoxes);
    }

    /** The same image and boxes under another name. */
    public DetectionExample withOrigin(String newOrigin) {
        return new DetectionExample(newOrigin, channels, height, width, pixels, boxes);
    }

    // a record compares arrays by reference; two reads of one file must be equal
    @Override
    public boolean equals(Object o) {
        return o instanceof DetectionExample e
                && origin.equals(e.origin)
                && channels == e.channels
                && height == e.height
                && width == e.width
                && Arrays.equals(pixels, e.pixels)
                && boxes.equals(e.boxes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, channels, height, width, Arrays.hashCode(pixels), boxes);
    }

    @Override
    public String toString() {
        return "DetectionExample["
                + origin
                + ", "
                + channels
                + " × "
                + height
                + " × "
                + width
                + ", boxes="
                + boxes
                + "]";
    }
}
