package dl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dl.spec.ConfigException;
import dl.spec.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A CSV file as dl reads every one, without any column roles: column names, and per row its cells
 * and the line it starts on. Training and prediction read their files here, so they see the same
 * columns.
 *
 * <p>Parsing is Jackson's CSV reader: fields may be quoted, a quoted field may hold the delimiter,
 * line breaks and doubled quotes; unquoted fields are trimmed; CRLF and LF both end a row; blank
 * lines are skipped; a UTF-8 BOM is ignored. {@code skip} counts physical lines before the header.
 * Without a header (and for an empty header cell) column i is called {@code c<i>}.
 *
 * <p>A missing file, an unclosed quote, duplicate columns and no data rows are thrown; rows with
 * the wrong number of fields are left out and named in {@code problems}, so the caller can report
 * them along with the problems of the other rows.
 */
public record CsvTable(
        String name,
        List<String> columns,
        List<Integer> lines,
        List<String[]> rows,
        List<String> problems) {
    private static final CsvMapper CSV =
            CsvMapper.builder()
                    .enable(CsvParser.Feature.WRAP_AS_ARRAY, CsvParser.Feature.TRIM_SPACES)
                    .build();

    /** "file:line" of each row, which also starts each of its error messages. */
    String[] origin() {
        return lines.stream().map(line -> name + ":" + line).toArray(String[]::new);
    }

    /**
     * {@code file} read with a CSV source's options; errors name the file by {@code pathKey} and a
     * bad delimiter by {@code delimiterKey}.
     */
    static CsvTable read(SourceSpec.Csv spec, Path file, String pathKey, String delimiterKey) {
        return read(
                file,
                delimiter(spec.delimiter(), delimiterKey),
                spec.header(),
                spec.skip(),
                pathKey);
    }

    /** A plain CSV file: comma-separated, with a header line. */
    static CsvTable plain(Path file, String key) {
        return read(file, ',', true, 0, key);
    }

    private static CsvTable read(Path file, char delimiter, boolean header, int skip, String key) {
        String name = file.getFileName().toString();
        CsvTable parsed = parse(readText(file, key), delimiter, skip, name);
        List<Integer> lines = new ArrayList<>(parsed.lines());
        List<String[]> rows = new ArrayList<>(parsed.rows());
        if (header && rows.isEmpty())
            throw new ConfigException(
                    name
                            + ": no header line"
                            + (skip > 0 ? " after skipping " + skip + " lines" : ""));
        String[] first = rows.isEmpty() ? new String[0] : header ? rows.remove(0) : rows.get(0);
        if (header) lines.remove(0);
        List<String> columns =
                IntStream.range(0, first.length)
                        .mapToObj(i -> header && !first[i].isEmpty() ? first[i] : "c" + i)
                        .toList();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int before = columns.indexOf(columns.get(i));
            if (before < i)
                problems.add(
                        String.format(
                                "%s: column '%s' appears twice (columns %d and %d)",
                                name, columns.get(i), before, i));
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        if (rows.isEmpty()) throw new ConfigException(name + ": no data rows");
        List<Integer> kept = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).length == columns.size()) kept.add(r);
            else
                problems.add(
                        String.format(
                                "%s:%d: expected %d fields (as in the %s), found %d",
                                name,
                                lines.get(r),
                                columns.size(),
                                header ? "header" : "first row",
                                rows.get(r).length));
        }
        return new CsvTable(
                name,
                columns,
                kept.stream().map(lines::get).toList(),
                kept.stream().map(rows::get).toList(),
                problems);
    }

    private static char delimiter(String d, String key) {
        if (d.equals("\\t") || d.equalsIgnoreCase("tab")) return '\t';
        if (d.length() != 1 || "\"\n\r".indexOf(d.charAt(0)) >= 0)
            throw new ConfigException(
                    key
                            + ": must be one character other than a quote or line break, found '"
                            + d
                            + "'");
        return d.charAt(0);
    }

    private static String readText(Path file, String key) {
        if (!Files.isRegularFile(file))
            throw new ConfigException(key + ": data file not found: " + file);
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Each non-blank row of {@code text} after {@code skip} lines, and the line it starts on
     * (1-based), as they are: no header, no columns. Errors name {@code name} and the line. The one
     * CSV reader of dl's data files.
     */
    static CsvTable parse(String text, char delimiter, int skip, String name) {
        List<Integer> lines = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        // skip counts physical lines, quotes or not, so it is done before the CSV reader sees the
        // text
        int from = 0;
        for (int s = 0; s < skip && from < text.length(); s++) {
            int nl = text.indexOf('\n', from);
            from = nl < 0 ? text.length() : nl + 1;
        }
        int line = skip + 1;
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
        try (MappingIterator<String[]> it =
                CSV.readerFor(String[].class).with(schema).readValues(text.substring(from))) {
            while (it.hasNextValue()) {
                // read before the row: afterwards the reader stands on its last line, which differs
                // for a quoted line break
                line = skip + it.getCurrentLocation().getLineNr();
                String[] cells = it.nextValue();
                // Jackson's SKIP_EMPTY_LINES keeps lines of tabs; a blank line is one empty cell
                // whatever its whitespace
                if (cells.length > 1 || !cells[0].isEmpty()) {
                    lines.add(line);
                    rows.add(cells);
                }
            }
        } catch (JsonProcessingException e) {
            String why = String.valueOf(e.getOriginalMessage());
            if (why.startsWith("Missing closing quote"))
                throw new ConfigException(name + ":" + line + ": a quoted field is never closed");
            int at = e.getLocation() == null ? line : skip + e.getLocation().getLineNr();
            throw new ConfigException(name + ":" + at + ": not valid CSV: " + why);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String is being read: no I/O to fail
        }
        return new CsvTable(name, List.of(), lines, rows, List.of());
    }
}
