package dl.data;

import dl.spec.ConfigException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A `text` source: one sequence per non-empty line, UTF-8; tokens come later, from the training
 * split's vocabulary.
 */
final class TextSource {
    private TextSource() {}

    static Dataset read(Path file, String key) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String content;
        try {
            byte[] bytes = Files.readAllBytes(file);
            content =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(bytes))
                            .toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(key + ".path: no such file: " + file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(name + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(key + ".path: cannot read " + file + ": " + e.getMessage());
        }
        if (content.startsWith("\uFEFF")) content = content.substring(1);
        List<String> lines = new ArrayList<>();
        List<String> origin = new ArrayList<>();
        String[] all = content.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].endsWith("\r") ? all[i].substring(0, all[i].length() - 1) : all[i];
            if (line.isBlank()) continue;
            lines.add(line);
            origin.add(name + ":" + (i + 1));
        }
        if (lines.isEmpty()) throw new ConfigException(name + ": no text lines");
        float[][] x = new float[lines.size()][0];
        return Dataset.of(
                        x, null, List.of(), List.of(), origin.toArray(String[]::new), new int[] {0})
                .withText(lines.toArray(String[]::new));
    }
}
