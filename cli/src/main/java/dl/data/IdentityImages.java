package dl.data;

import dl.spec.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * New images for an embedding model ({@code dl embed}, {@code verify}, {@code identify}), each with
 * the identity its place gives it, read and resized as an {@code images} source reads its classes.
 *
 * <ul>
 *   <li>An image file: itself, no identity.
 *   <li>A folder: each sub-folder (hidden ones excluded) is an identity named after it, holding the
 *       image files under it at any depth; the folder's own image files have no identity, or, in a
 *       gallery, the identity of their name without the extension ({@code alice.png}). Images come
 *       in the order of their paths relative to the folder, which is their origin ({@code
 *       alice/1.png}).
 * </ul>
 */
public final class IdentityImages {
    private IdentityImages() {}

    /**
     * @param x each image's pixels 0..255, channels × height × width
     * @param origin each image's path relative to the folder with {@code /} separators, or the file
     *     as given
     * @param identity each image's identity, or null where its place gives none
     */
    public record Images(float[][] x, String[] origin, String[] identity, int[] shape) {
        public int size() {
            return x.length;
        }

        /** The images as unlabelled examples of a model that reads them. */
        public Dataset dataset() {
            int features = shape[0] * shape[1] * shape[2];
            List<String> names = new ArrayList<>(features);
            for (int j = 0; j < features; j++) names.add("p" + j);
            return Dataset.of(x, null, List.of(), names, origin, shape.clone());
        }
    }

    /**
     * The images of {@code input} at the model's size.
     *
     * @param shape [channels, height, width] of the model's input
     * @param gallery whether the folder is a gallery: its own files are named by identity, and an
     *     identity folder without images is a mistake
     * @param key how messages name the input, e.g. {@code --gallery}
     */
    public static Images read(Path input, int[] shape, boolean gallery, String key) {
        List<Path> files = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        List<String> identities = new ArrayList<>();
        if (Files.isRegularFile(input)) {
            files.add(input);
            origins.add(input.toString());
            identities.add(gallery ? stem(input) : null);
        } else if (Files.isDirectory(input)) {
            list(input, gallery, key, files, origins, identities);
        } else {
            throw new ConfigException(key + ": not found: " + input);
        }
        float[][] x = ImagesSource.loadAll(files, shape[0], shape[1], shape[2], key);
        return new Images(
                x,
                origins.toArray(String[]::new),
                identities.toArray(String[]::new),
                shape.clone());
    }

    private static void list(
            Path folder,
            boolean gallery,
            String key,
            List<Path> files,
            List<String> origins,
            List<String> identities) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = s.filter(p -> !ImagesSource.hidden(p)).sorted().toList();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(key + ": cannot list " + folder + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (Path p : entries) {
            if (Files.isDirectory(p)) {
                List<Path> images;
                try {
                    images = ImagesSource.imagesUnder(p);
                } catch (IOException | RuntimeException e) {
                    problems.add(key + ": cannot list " + p + ": " + e.getMessage());
                    continue;
                }
                if (images.isEmpty() && gallery)
                    problems.add(
                            key
                                    + ": identity folder '"
                                    + p.getFileName()
                                    + "' has no images (.png, .jpg, .jpeg, .gif, .bmp, .tif, .tiff)");
                for (Path image : images) {
                    files.add(image);
                    origins.add(ImagesSource.relative(folder, image));
                    identities.add(p.getFileName().toString());
                }
            } else if (ImagesSource.isImageName(p.getFileName().toString())) {
                files.add(p);
                origins.add(ImagesSource.relative(folder, p));
                identities.add(gallery ? stem(p) : null);
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        if (files.isEmpty())
            throw new ConfigException(
                    key
                            + ": no images in "
                            + folder
                            + (gallery
                                    ? " (a gallery holds a sub-folder of images per identity, or"
                                            + " image files named by identity)"
                                    : " (.png, .jpg, .jpeg, .gif, .bmp, .tif, .tiff, in it or its"
                                            + " sub-folders)"));
    }

    /** A file's name without its extension: the identity of a gallery image named by it. */
    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
