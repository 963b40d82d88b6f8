/**
 * The data side of object detection: images labelled with any number of boxes, read from a Pascal
 * VOC folder or a CSV file of boxes, or drawn as synthetic shapes; resized and flipped with their
 * boxes; encoded as the labels of DL4J's {@code Yolo2OutputLayer}; and k-means anchors.
 *
 * <p><b>Coordinates.</b> Every {@link dl.data.detection.Box} in memory is in continuous pixel
 * coordinates with the origin at the image's top-left corner: pixel column {@code i} covers {@code
 * [i, i + 1)}, so a box covering pixel columns 3 to 7 inclusive is {@code x1 = 3, x2 = 8} and its
 * width {@code x2 − x1} is its width in pixels. These coordinates scale exactly under resizing
 * ({@code x · W' / W}) and mirror exactly under a horizontal flip ({@code W − x}). CSV files use
 * them as they are; Pascal VOC's 1-based inclusive pixel indices are converted on reading ({@code
 * x1 = xmin − 1, x2 = xmax}).
 *
 * <p>Like the rest of {@code dl.data}: plain Java arrays, no DL4J; a mistake in an annotation is a
 * {@link dl.spec.ConfigException} with one line per problem naming the file and line.
 */
package dl.data.detection;
