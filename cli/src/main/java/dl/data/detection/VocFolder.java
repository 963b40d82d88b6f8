package dl.data.detection;

import dl.data.ImagesSource;
import dl.spec.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A Pascal VOC folder: {@code Annotations/*.xml}, one file per image, and the images in {@code
 * JPEGImages/}.
 *
 * <ul>
 *   <li>Examples are the XML files of {@code Annotations/} (not its sub-folders, not hidden files),
 *       in the order of their names; an image without an XML file is not read. The image is {@code
 *       JPEGImages/<filename>}, any format {@code javax.imageio} reads (JPEG, PNG, …), decoded in
 *       full: a truncated file is an error.
 *   <li>Each {@code <object>} under the root {@code <annotation>} is a box: {@code <name>} is its
 *       class, {@code <bndbox>} holds {@code <xmin> <ymin> <xmax> <ymax>}. Other elements ({@code
 *       <difficult>}, {@code <truncated>}, {@code <pose>}, {@code <segmented>}, parts) are ignored.
 *   <li><b>Coordinates:</b> VOC's are 1-based pixel indices, both ends included: the box covers
 *       pixel columns {@code xmin..xmax} counted from 1. In the continuous 0-based coordinates of
 *       {@link Box} that is {@code x1 = xmin − 1, x2 = xmax} (and the same for y), so its width is
 *       {@code xmax − xmin + 1}. A box must satisfy {@code 1 ≤ xmin ≤ xmax ≤ width}; fractional
 *       coordinates, which some tools write, are taken as they are.
 *   <li>{@code <size>} is optional; when given, its {@code <width>} and {@code <height>} must be
 *       the image's.
 *   <li>Classes: those given, in their order (another name is an error), or else every name found,
 *       sorted.
 * </ul>
 *
 * <p>The XML is read by the JDK's parser with DTDs refused (so no external entity, no entity
 * expansion: XXE-safe) into a DOM tree whose elements remember their line, so every problem names
 * {@code file:line}. All problems of the folder are reported together.
 */
public final class VocFolder {
    /** The DOM user-data key of an element's line. */
    private static final String LINE = "dl.line";

    private VocFolder() {}

    /**
     * The folder's examples at their own sizes.
     *
     * @param classNames the classes in label order, or null to take the names found, sorted
     */
    public static DetectionSet read(Path folder, List<String> classNames) {
        Path annotations = folder.resolve("Annotations");
        Path images = folder.resolve("JPEGImages");
        if (!Files.isDirectory(folder)) {
            throw new ConfigException(folder + ": Pascal VOC folder not found");
        }
        for (Path p : List.of(annotations, images)) {
            if (!Files.isDirectory(p)) {
                throw new ConfigException(
                        p
                                + ": folder not found (a Pascal VOC folder has Annotations/*.xml and"
                                + " JPEGImages/)");
            }
        }
        List<Path> xmls;
        try (Stream<Path> s = Files.list(annotations)) {
            xmls =
                    s.filter(
                                    p -> {
                                        String n = p.getFileName().toString();
                                        return !n.startsWith(".")
                                                && n.toLowerCase(Locale.ROOT).endsWith(".xml")
                                                && Files.isRegularFile(p);
                                    })
                            .sorted()
                            .toList();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(annotations + ": cannot list: " + e.getMessage());
        }
        if (xmls.isEmpty()) throw new ConfigException(annotations + ": no .xml files");

        ProblemList problems = new ProblemList();
        List<Parsed> parsed = new ArrayList<>();
        for (Path xml : xmls) {
            Parsed p = parse(xml, images, problems);
            if (p != null) parsed.add(p);
        }
        List<Annotations.Raw> all = new ArrayList<>();
        parsed.forEach(p -> all.addAll(p.boxes()));
        List<String> classes = Annotations.classes(classNames, all);
        Map<String, Integer> index = Annotations.index(classes);

        List<DetectionExample> examples = new ArrayList<>();
        for (Parsed p : parsed) {
            ImagesSource.Rgb image;
            try {
                image = ImagesSource.rgb(p.image());
            } catch (ConfigException e) {
                problems.add(p.image() + ": " + e.getMessage());
                continue;
            }
            int w = image.width();
            int h = image.height();
            float[] pixels = image.planes();
            if (p.declaredWidth() != null && (p.declaredWidth() != w || p.declaredHeight() != h)) {
                problems.add(
                        p.sizeWhere()
                                + ": <size> says "
                                + p.declaredWidth()
                                + " × "
                                + p.declaredHeight()
                                + " but the image "
                                + p.image().getFileName()
                                + " is "
                                + w
                                + " × "
                                + h);
                continue;
            }
            List<Box> boxes = Annotations.boxes(p.boxes(), index, classes, w, h, problems);
            String origin = images.relativize(p.image()).toString().replace('\\', '/');
            examples.add(new DetectionExample(origin, 3, h, w, pixels, boxes));
        }
        problems.throwIfAny();
        return new DetectionSet(examples, classes);
    }

    private record Parsed(
            Path image,
            String sizeWhere,
            Integer declaredWidth,
            Integer declaredHeight,
            List<Annotations.Raw> boxes) {}

    /** One annotation file, or null after adding its problems. */
    private static Parsed parse(Path xml, Path images, ProblemList problems) {
        Document doc;
        try {
            doc = dom(xml);
        } catch (SAXParseException e) {
            String why =
                    String.valueOf(e.getMessage()).startsWith("DOCTYPE is disallowed")
                            ? "a DOCTYPE is not allowed (DTDs and entities are not read)"
                            : e.getMessage();
            problems.add(xml + ":" + e.getLineNumber() + ": malformed XML: " + why);
            return null;
        } catch (SAXException | IOException e) {
            problems.add(xml + ": cannot read: " + e.getMessage());
            return null;
        }
        Element root = doc.getDocumentElement();
        if (root == null || !root.getTagName().equals("annotation")) {
            problems.add(
                    where(xml, root)
                            + ": the root element must be <annotation>"
                            + (root == null ? "" : ", found <" + root.getTagName() + ">"));
            return null;
        }
        int before = problems.count();
        Element filename = child(root, "filename");
        Path image = null;
        if (filename == null || text(filename).isEmpty()) {
            problems.add(where(xml, filename == null ? root : filename) + ": no <filename>");
        } else {
            String name = text(filename);
            image = images.resolve(name).normalize();
            if (!image.startsWith(images.normalize()) || !Files.isRegularFile(image)) {
                problems.add(where(xml, filename) + ": image not found: " + images.resolve(name));
                image = null;
            }
        }

        Element size = child(root, "size");
        Integer w = null;
        Integer h = null;
        if (size != null) {
            double dw = coordinate(xml, size, "width", problems);
            double dh = coordinate(xml, size, "height", problems);
            if (!Double.isNaN(dw) && !Double.isNaN(dh)) {
                if (dw != Math.rint(dw) || dh != Math.rint(dh) || dw < 1 || dh < 1) {
                    problems.add(
                            where(xml, size)
                                    + ": <size> must be whole pixels, found "
                                    + Box.num(dw)
                                    + " × "
                                    + Box.num(dh));
                } else {
                    w = (int) dw;
                    h = (int) dh;
                }
            }
        }

        List<Annotations.Raw> boxes = new ArrayList<>();
        for (Element object : children(root, "object")) {
            Element name = child(object, "name");
            if (name == null || text(name).isEmpty()) {
                problems.add(where(xml, object) + ": <object> without a <name>");
                continue;
            }
            Element box = child(object, "bndbox");
            if (box == null) {
                problems.add(where(xml, object) + ": <object> without a <bndbox>");
                continue;
            }
            double xmin = coordinate(xml, box, "xmin", problems);
            double ymin = coordinate(xml, box, "ymin", problems);
            double xmax = coordinate(xml, box, "xmax", problems);
            double ymax = coordinate(xml, box, "ymax", problems);
            if (Double.isNaN(xmin + ymin + xmax + ymax)) continue;
            // VOC: 1-based, both ends included
            String written =
                    "(xmin "
                            + Box.num(xmin)
                            + ", ymin "
                            + Box.num(ymin)
                            + ", xmax "
                            + Box.num(xmax)
                            + ", ymax "
                            + Box.num(ymax)
                            + "; VOC counts pixels from 1, both ends included)";
            boxes.add(
                    new Annotations.Raw(
                            where(xml, box), text(name), xmin - 1, ymin - 1, xmax, ymax, written));
        }
        if (image == null || problems.count() != before) return null;
        return new Parsed(image, where(xml, size), w, h, boxes);
    }

    /** The number in {@code <tag>} under {@code parent}, or NaN after adding a problem. */
    private static double coordinate(Path xml, Element parent, String tag, ProblemList problems) {
        Element e = child(parent, tag);
        if (e == null) {
            problems.add(
                    where(xml, parent) + ": <" + parent.getTagName() + "> without <" + tag + ">");
            return Double.NaN;
        }
        double v = Annotations.number(text(e));
        if (Double.isNaN(v)) {
            problems.add(where(xml, e) + ": <" + tag + "> is not a number: '" + text(e) + "'");
        }
        return v;
    }

    private static String where(Path xml, Element e) {
        Object line = e == null ? null : e.getUserData(LINE);
        return line == null ? xml.toString() : xml + ":" + line;
    }

    private static Element child(Element parent, String tag) {
        List<Element> all = children(parent, tag);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) out.add(e);
        }
        return out;
    }

    private static String text(Element e) {
        return e.getTextContent().trim();
    }

    /**
     * The file as a DOM tree, each element holding its start line as user data {@link #LINE}: the
     * JDK's SAX parser feeds a DOM document, since DOM's own builder forgets positions.
     */
    static Document dom(Path xml) throws SAXException, IOException {
        Document doc;
        SAXParser parser;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            parser = safeParserFactory().newSAXParser();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
        DefaultHandler handler =
                new DefaultHandler() {
                    private Locator locator;
                    private Node current = doc;

                    @Override
                    public void setDocumentLocator(Locator l) {
                        locator = l;
                    }

                    @Override
                    public void startElement(
                            String uri, String local, String qName, Attributes attributes) {
                        Element e = doc.createElement(qName);
                        for (int i = 0; i < attributes.getLength(); i++) {
                            e.setAttribute(attributes.getQName(i), attributes.getValue(i));
                        }
                        e.setUserData(LINE, locator.getLineNumber(), null);
                        current.appendChild(e);
                        current = e;
                    }

                    @Override
                    public void endElement(String uri, String local, String qName) {
                        current = current.getParentNode();
                    }

                    @Override
                    public void characters(char[] ch, int start, int length) {
                        if (current != doc) {
                            current.appendChild(doc.createTextNode(new String(ch, start, length)));
                        }
                    }

                    @Override
                    public void error(SAXParseException e) throws SAXException {
                        throw e;
                    }

                    @Override
                    public void warning(SAXParseException e) throws SAXException {
                        throw e;
                    }

                    // refuse any external resource, whatever the features let through
                    @Override
                    public InputSource resolveEntity(String publicId, String systemId)
                            throws SAXException {
                        throw new SAXException("external entities are not read: " + systemId);
                    }
                };
        try (InputStream in = Files.newInputStream(xml)) {
            InputSource source = new InputSource(in);
            source.setSystemId(xml.toUri().toString());
            parser.parse(source, handler);
        }
        return doc;
    }

    /**
     * DTDs refused outright (OWASP's first recommendation against XXE and entity expansion), and
     * external entities, external DTDs and XInclude off in case a parser ignores that feature.
     */
    private static SAXParserFactory safeParserFactory() throws ParserConfigurationException {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(false);
        f.setValidating(false);
        f.setXIncludeAware(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (SAXException e) {
            throw new ParserConfigurationException(e.getMessage());
        }
        return f;
    }
}
