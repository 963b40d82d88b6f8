package dl.board;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A CSV file of a run folder (metrics.csv, errors/dev.csv, trials.csv) as its header and rows of
 * strings. Only whole lines count: metrics.csv grows by one appended row per epoch while a run
 * trains, so its last line may be half written when read; it is left for the next read.
 */
record CsvTable(List<String> columns, List<List<String>> rows) {
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    /** The file's complete lines as a table; an empty table when it has not even a header yet. */
    static CsvTable read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        List<List<String>> lines = new ArrayList<>();
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(text)) {
            while (it.hasNext()) lines.add(Arrays.asList(it.next()));
        }
        if (lines.isEmpty()) return new CsvTable(List.of(), List.of());
        return new CsvTable(
                lines.get(0).stream().map(String::trim).toList(),
                lines.subList(1, lines.size()).stream()
                        .filter(r -> !(r.size() == 1 && r.get(0).isBlank()))
                        .toList());
    }

    /** The cell of a column in a row, null when the row is short or the column absent. */
    String cell(List<String> row, String column) {
        int c = columns.indexOf(column);
        return c < 0 || c >= row.size() ? null : row.get(c);
    }

    /** A cell as a finite number, null when empty, not a number, NaN or infinite. */
    static Double number(String cell) {
        if (cell == null || cell.isBlank()) return null;
        try {
            double v = Double.parseDouble(cell.trim());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
