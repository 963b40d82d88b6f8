package dl.data.detection;

import dl.spec.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What the VOC and CSV readers share: numbers, class names, and the checks of a box. */
final class Annotations {
    /** A plain decimal such as {@code -1.5e3}; NaN, Infinity and hex are not coordinates. */
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Annotations() {}

    /**
     * A box as written in a file, before its class is known to exist and its image is read.
     *
     * @param written the coordinates as the file has them, when they differ from ours (VOC), for
     *     messages; else null
     */
    record Raw(
            String where,
            String className,
            double x1,
            double y1,
            double x2,
            double y2,
            String written) {}

    /** The number in {@code text}, or NaN when it is not one. */
    static double number(String text) {
        String t = text.trim();
        return NUMBER.matcher(t).matches() ? Double.parseDouble(t) : Double.NaN;
    }

    /**
     * The classes: those given, in their order (checked: not empty, no duplicates), or else the
     * distinct names found, sorted as strings.
     */
    static List<String> classes(List<String> given, List<Raw> found) {
        if (given != null) {
            if (given.isEmpty()) throw new ConfigException("classes: the list is empty");
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < given.size(); i++) {
                String name = given.get(i);
                if (name == null || name.isBlank()) {
                    problems.add("classes[" + i + "]: an empty class name");
                } else if (given.indexOf(name) < i) {
                    problems.add("classes[" + i + "]: '" + name + "' appears twice");
                }
            }
            if (!problems.isEmpty()) throw new ConfigException(problems);
            return List.copyOf(given);
        }
        TreeSet<String> names = new TreeSet<>();
        for (Raw r : found) names.add(r.className());
        return List.copyOf(names);
    }

    static Map<String, Integer> index(List<String> classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        return index;
    }

    /**
     * The boxes of one image of {@code width × height} pixels; each unknown class and each bad box
     * is a problem naming its place.
     */
    static List<Box> boxes(
            List<Raw> raw,
            Map<String, Integer> index,
            List<String> classes,
            int width,
            int height,
            ProblemList problems) {
        List<Box> boxes = new ArrayList<>(raw.size());
        for (Raw r : raw) {
            Integer label = index.get(r.className());
            if (label == null) {
                problems.add(
                        r.where()
                                + ": unknown class '"
                                + r.className()
                                + "' (the classes are "
                                + String.join(", ", classes)
                                + ")");
                continue;
            }
            Box box = new Box(r.x1(), r.y1(), r.x2(), r.y2(), label);
            String why = box.problem(width, height);
            if (why != null) {
                problems.add(
                        r.where() + ": " + why + (r.written() == null ? "" : " " + r.written()));
            } else {
                boxes.add(box);
            }
        }
        return boxes;
    }

    /** Names that appear more than once. */
    static List<String> duplicates(List<String> names) {
        HashSet<String> seen = new HashSet<>();
        List<String> twice = new ArrayList<>();
        for (String n : names) if (!seen.add(n) && !twice.contains(n)) twice.add(n);
        return twice;
    }
}
