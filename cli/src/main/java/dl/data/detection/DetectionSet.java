package dl.data.detection;

import java.util.HashSet;
import java.util.List;

/**
 * Images with their boxes, and the names of the classes a box's label indexes.
 *
 * <p>Images may differ in size (as read from files); {@link #resized} brings them to a model's
 * input.
 */
public record DetectionSet(List<DetectionExample> examples, List<String> classNames) {

    public DetectionSet {
        examples = List.copyOf(examples);
        classNames = List.copyOf(classNames);
        if (new HashSet<>(classNames).size() != classNames.size()) {
            throw new IllegalArgumentException("duplicate class names: " + classNames);
        }
        for (DetectionExample e : examples) {
            for (Box b : e.boxes()) {
                if (b.label() < 0 || b.label() >= classNames.size()) {
                    throw new IllegalArgumentException(
                            e.origin()
                                    + ": label "
                                    + b.label()
                                    + " outside the "
                                    + classNames.size()
                                    + " classes");
                }
            }
        }
    }

    public int size() {
        return examples.size();
    }

    public DetectionExample get(int i) {
        return examples.get(i);
    }

    /** Every image resized to {@code height × width}, boxes scaled with it. */
    public DetectionSet resized(int height, int width) {
        return new DetectionSet(
                examples.stream().map(e -> DetectionTransforms.resize(e, height, width)).toList(),
                classNames);
    }

    /** How many boxes there are in all. */
    public int boxCount() {
        return examples.stream().mapToInt(e -> e.boxes().size()).sum();
    }
}
