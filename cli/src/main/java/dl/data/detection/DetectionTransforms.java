package dl.data.detection;

import dl.data.ImagesSource;
import java.util.List;

/**
 * Resizing an image with its boxes (augmentation's flips and crops move boxes in {@link
 * dl.data.Augmenter}).
 *
 * <p>Resizing is the images source's resampling (area average along an axis that shrinks, bilinear
 * along one that grows; the aspect ratio is not kept), and the boxes scale by the same factors,
 * {@code x' = x · width' / width}. In continuous pixel coordinates this is exact for the area
 * average: output pixel {@code i} is the mean of source interval {@code [i·s, (i+1)·s)}, so it
 * holds some of a box exactly when its interval overlaps the scaled box. Scaled boxes are not
 * rounded; they stay inside the image.
 */
public final class DetectionTransforms {
    private DetectionTransforms() {}

    /** The example resized to {@code height × width}, its boxes scaled by the same factors. */
    public static DetectionExample resize(DetectionExample e, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("size " + height + " × " + width);
        }
        float[] pixels =
                ImagesSource.resize(e.pixels(), e.height(), e.width(), e.channels(), height, width);
        double sx = (double) width / e.width();
        double sy = (double) height / e.height();
        List<Box> boxes = e.boxes().stream().map(b -> b.scaled(sx, sy)).toList();
        return new DetectionExample(e.origin(), e.channels(), height, width, pixels, boxes);
    }
}
