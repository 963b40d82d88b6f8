package dl.eval.detection;

/**
 * One point of a class's precision-recall curve: the precision and recall of the detections whose
 * confidence is at least {@code confidence}, i.e. after that detection in confidence order.
 */
public record PrPoint(double confidence, double precision, double recall) {}
