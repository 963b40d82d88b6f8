/**
 * Object-detection metrics: detections, non-max suppression, PASCAL VOC average precision and COCO
 * style mAP, on plain Java lists so every number can be checked by hand (no DL4J here). A ground
 * truth box is the data's {@link dl.data.detection.Box} (with its IoU); a {@link Detection} is such
 * a box with the detector's confidence.
 *
 * <p>Images are the positions of a {@code List<List<Detection>>} (or of boxes): entry i holds those
 * of image i. Keeping images apart in the structure, rather than in a field of each box, makes it
 * impossible for suppression or matching to mix two images (DL4J's {@code YoloUtils.nms} suppresses
 * across the whole batch). Conventions:
 *
 * <ul>
 *   <li>Coordinates are pixels, {@code (x1, y1)} the top-left and {@code (x2, y2)} the bottom-right
 *       corner, with {@code x2 > x1} and {@code y2 > y1}; a box is the area between, so boxes that
 *       only share an edge do not overlap.
 *   <li>A confidence threshold keeps boxes whose confidence is {@code >=} it; NMS suppresses when
 *       IoU is {@code >} its threshold; matching a detection to ground truth needs IoU {@code >=}
 *       the threshold (the COCO and VOC convention).
 *   <li>Equal confidences keep the input order (image by image, then position in the image), so
 *       results never depend on sort internals.
 *   <li>A class with no ground-truth box has an undefined AP ({@code NaN}) and is left out of the
 *       mAP mean; an mAP over no such class at all is {@code NaN}.
 *   <li>Malformed input throws {@link IllegalArgumentException} naming what is wrong.
 * </ul>
 */
package dl.eval.detection;
