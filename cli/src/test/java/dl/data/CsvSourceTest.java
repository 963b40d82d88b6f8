package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec.Task;
import dl.spec.SourceSpec.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static JsonNode label(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Csv csv(String path, String labelJson) {
        return new Csv(
                path,
                label(labelJson),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private Dataset load(Csv spec) {
        return Sources.load(spec, dir, 42, "data.train", null);
    }

    private ConfigException fails(Csv spec) {
        return assertThrows(ConfigException.class, () -> load(spec));
    }

    @Test
    void csvOneHotEncodesStringColumns() throws IOException {
        write("h.csv", "size,zip,price\n10,south,1.5\n20,north,2.5\n30,center,3.5\n40,north,4.0\n");
        Dataset d = load(csv("h.csv", "\"price\""));
        assertEquals(List.of("size", "zip=center", "zip=north", "zip=south"), d.featureNames());
        assertArrayEquals(new float[] {10, 0, 0, 1}, d.x()[0]);
        assertArrayEquals(new float[] {20, 0, 1, 0}, d.x()[1]);
        assertArrayEquals(new float[] {30, 1, 0, 0}, d.x()[2]);
        assertArrayEquals(new int[] {4}, d.shape());
    }

    @Test
    void csvFractionalLabelIsRegression() throws IOException {
        write("h.csv", "a,price\n1,1.5\n2,2\n");
        Dataset d = load(csv("h.csv", "\"price\""));
        assertNull(d.y());
        assertEquals(List.of("price"), d.classNames());
        assertArrayEquals(new float[][] {{1.5f}, {2f}}, d.targets());
        assertEquals("h.csv:3", d.origin()[1]);
    }

    @Test
    void csvWholeNumberLabelIsClassificationSortedNumerically() throws IOException {
        write("c.csv", "a,k\n1,10\n2,9\n3,10.0\n4,-1\n");
        Dataset d = load(csv("c.csv", null));
        assertEquals(List.of("-1", "9", "10"), d.classNames());
        assertArrayEquals(new int[] {2, 1, 2, 0}, d.y());
    }

    @Test
    void csvTaskOverridesTheLabelGuess() throws IOException {
        write("c.csv", "a,k\n1,10\n2,9\n");
        Dataset d = Sources.load(csv("c.csv", null), dir, 1, "data.train", Task.REGRESSION);
        assertArrayEquals(new float[][] {{10f}, {9f}}, d.targets());
    }

    @Test
    void csvStringLabelsSortLexicographically() throws IOException {
        write("c.csv", "a,animal\n1,dog\n2,cat\n3,dog\n");
        Dataset d = load(csv("c.csv", "\"animal\""));
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, d.y());
    }

    @Test
    void csvLabelByNegativeIndex() throws IOException {
        write("c.csv", "a,y,b\n1,yes,5\n2,no,6\n");
        Dataset d = load(csv("c.csv", "-2"));
        assertEquals(List.of("no", "yes"), d.classNames());
        assertArrayEquals(new int[] {1, 0}, d.y());
        assertEquals(List.of("a", "b"), d.featureNames());
        assertArrayEquals(new float[] {1, 5}, d.x()[0]);
        Dataset byIndex = load(csv("c.csv", "1"));
        assertArrayEquals(d.y(), byIndex.y());
        ConfigException e = fails(csv("c.csv", "5"));
        assertTrue(
                e.getMessage()
                        .contains(
                                "data.train.label: column index 5 is out of range: c.csv has 3 columns"),
                e.getMessage());
    }

    @Test
    void csvMultilabelMasksUnknowns() throws IOException {
        write("m.csv", "s,car,stop\n0.5,1,?\n-1,,0\n2,0,1\n");
        Dataset d = load(csv("m.csv", "[\"car\", \"stop\"]"));
        assertNull(d.y());
        assertEquals(List.of("car", "stop"), d.classNames());
        assertArrayEquals(new float[][] {{1, 0}, {0, 0}, {0, 1}}, d.targets());
        assertArrayEquals(new boolean[][] {{true, false}, {false, true}, {true, true}}, d.known());
        assertEquals(List.of("s"), d.featureNames());

        write("bad.csv", "s,car,stop\n0.5,1,2\n");
        ConfigException e = fails(csv("bad.csv", "[\"car\", \"stop\"]"));
        assertEquals(
                "bad.csv:2: column 'stop': '2' is not a multilabel value (0, 1, or ? / empty for unknown)",
                e.getMessage());
    }

    @Test
    void csvRaggedRowNamesFileAndLine() throws IOException {
        write("r.csv", "a,b,y\n1,2,0\n1,2\n3,4,1\n5,6,1,7\n");
        ConfigException e = fails(csv("r.csv", null));
        assertEquals(
                List.of(
                        "r.csv:3: expected 3 fields (as in the header), found 2",
                        "r.csv:5: expected 3 fields (as in the header), found 4"),
                e.problems());
    }

    @Test
    void csvTextInNumericColumnNamesLineAndColumn() throws IOException {
        StringBuilder text = new StringBuilder("size_sqft,zip,price\n");
        for (int i = 0; i < 60; i++) {
            text.append(i == 55 ? "abc" : String.valueOf(100 + i))
                    .append(",north,")
                    .append(i)
                    .append(".5\n");
        }
        write("houses.csv", text.toString());
        ConfigException e = fails(csv("houses.csv", "\"price\""));
        assertEquals(
                List.of("houses.csv:57: column 'size_sqft': 'abc' is not a number"), e.problems());
    }

    @Test
    void csvMissingFeatureCellIsAnError() throws IOException {
        write("m.csv", "a,b,y\n1,,0\n");
        assertEquals("m.csv:2: column 'b': missing value", fails(csv("m.csv", null)).getMessage());
    }

    @Test
    void csvStopsAfterTenProblems() throws IOException {
        write("m.csv", "a,y\n" + "1,0\nx,1\n".repeat(30));
        List<String> problems = fails(csv("m.csv", null)).problems();
        assertEquals(11, problems.size());
        assertTrue(problems.get(10).contains("stopped after the first 10"), problems.get(10));
    }

    @Test
    void csvQuotedFieldsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        write(
                "q.csv",
                "a,city,y\r\n1,\"Paris, \"\"FR\"\"\",0\r\n2,\"two\r\nlines\",1\r\n\r\n3,Paris,0\r\n4,Paris,0\r\n");
        Dataset d = load(csv("q.csv", null));
        assertEquals(
                List.of("a", "city=Paris", "city=Paris, \"FR\"", "city=two\r\nlines"),
                d.featureNames());
        assertEquals(List.of("q.csv:2", "q.csv:3", "q.csv:6", "q.csv:7"), List.of(d.origin()));
    }

    @Test
    void csvByteOrderMarkAndCrlfAreNotPartOfTheCells() throws IOException {
        write("b.csv", "\uFEFFa,\"b \"\"x\"\"\",y\r\n1,2,0\r\n3,4,1\r\n");
        Dataset d = load(csv("b.csv", "\"y\""));
        assertEquals(List.of("a", "b \"x\""), d.featureNames());
        assertArrayEquals(new float[] {3, 4}, d.x()[1]);
        assertEquals(List.of("0", "1"), d.classNames());
        assertEquals(List.of("b.csv:2", "b.csv:3"), List.of(d.origin()));
        CsvTable t =
                CsvTable.read(
                        csv("b.csv", null), dir.resolve("b.csv"), "--input", "--input.delimiter");
        assertEquals(List.of("a", "b \"x\"", "y"), t.columns());
        assertEquals(List.of(2, 3), t.lines());
    }

    @Test
    void csvUnquotedCellsAreTrimmedAndWhitespaceLinesSkipped() throws IOException {
        write("w.csv", "a,y\n 1 ,\t0\n \t \n\n2,1\n");
        Dataset d = load(csv("w.csv", null));
        assertArrayEquals(new float[][] {{1}, {2}}, d.x());
        assertEquals(List.of("w.csv:2", "w.csv:5"), List.of(d.origin()));
    }

    @Test
    void csvLinesCountAfterSkippedLinesAndQuotedLineBreaks() throws IOException {
        write("s.csv", "# \"not a quote\n\"a\nb\",y\n\"x\ny\",0\n1,2,3\n");
        Csv spec =
                new Csv(
                        "s.csv", null, null, null, null, 1, null, null, null, null, null, null,
                        null);
        assertEquals(
                List.of("s.csv:6: expected 2 fields (as in the header), found 3"),
                fails(spec).problems());
    }

    @Test
    void csvUnclosedQuoteNamesTheLineItOpensOn() throws IOException {
        write("u.csv", "a,y\n1,0\n2,\"open\n3,1\n");
        assertEquals(
                "u.csv:3: a quoted field is never closed", fails(csv("u.csv", null)).getMessage());
        write("g.csv", "a,y\n1,0\n\"2\"x,1\n");
        assertTrue(fails(csv("g.csv", null)).getMessage().startsWith("g.csv:3: not valid CSV: "));
    }

    @Test
    void csvWithoutHeaderSkipAndDelimiter() throws IOException {
        write("n.csv", "# exported 2024\n# by hand\n1;2;a\n3;4;b\n");
        Csv spec =
                new Csv(
                        "n.csv", null, null, null, false, 2, ";", null, null, null, null, null,
                        null);
        Dataset d = load(spec);
        assertEquals(List.of("c0", "c1"), d.featureNames());
        assertEquals(List.of("a", "b"), d.classNames());
        assertEquals("n.csv:4", d.origin()[1]);
    }

    @Test
    void csvFeaturesAndExcludePickColumns() throws IOException {
        write("f.csv", "id,a,b,c,y\n1,2,3,4,0\n");
        Csv only =
                new Csv(
                        "f.csv",
                        label("\"y\""),
                        List.of("c", "a"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
        assertEquals(List.of("c", "a"), load(only).featureNames());
        Csv allBut =
                new Csv(
                        "f.csv",
                        null,
                        null,
                        List.of("id"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
        Dataset d = load(allBut);
        assertEquals(List.of("a", "b", "c"), d.featureNames());
        assertArrayEquals(new float[] {2, 3, 4}, d.x()[0]);
    }

    @Test
    void csvUnknownColumnsSuggestTheClosest() throws IOException {
        write("h.csv", "size,price\n1,2.5\n");
        ConfigException e = fails(csv("h.csv", "\"prize\""));
        assertEquals(
                "data.train.label: no column 'prize' in h.csv (did you mean 'price'?); columns: size, price",
                e.getMessage());
        Csv exclude =
                new Csv(
                        "h.csv",
                        null,
                        null,
                        List.of("sise"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
        assertTrue(
                fails(exclude)
                        .getMessage()
                        .startsWith(
                                "data.train.exclude: no column 'sise' in h.csv (did you mean 'size'?)"));
    }

    @Test
    void csvMissingFileNamesTheResolvedPath() {
        ConfigException e = fails(csv("nope/data.csv", null));
        assertEquals(
                "data.train.path: data file not found: " + dir.resolve("nope/data.csv"),
                e.getMessage());
    }

    @Test
    void csvTextColumnsNeedOneLabelColumn() throws IOException {
        write("t.csv", "review,stars\nnice,5\n");
        Csv spec =
                new Csv(
                        "t.csv", null, null, null, null, null, null, "review", null, null, null,
                        null, null);
        assertEquals(
                "data.train.label: text classification needs one label column",
                fails(spec).getMessage());
        Csv same =
                new Csv(
                        "t.csv",
                        com.fasterxml.jackson.databind.node.TextNode.valueOf("review"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        "review",
                        null,
                        null,
                        null,
                        null,
                        null);
        assertEquals("data.train.label: the label is the text column", fails(same).getMessage());
    }

    @Test
    void theExamplesHousesAndDrivingFilesLoad() {
        Path data = Path.of("..", "configs", "data");
        Dataset houses = Sources.load(csv("houses.csv", "\"price\""), data, 42);
        assertEquals(1000, houses.size());
        assertEquals(
                List.of(
                        "size_sqft",
                        "bedrooms",
                        "zip=center",
                        "zip=north",
                        "zip=south",
                        "walk_score"),
                houses.featureNames());
        assertNull(houses.y());
        assertEquals(List.of("price"), houses.classNames());

        Dataset driving =
                Sources.load(
                        csv(
                                "driving.csv",
                                "[\"car\", \"pedestrian\", \"stop_sign\", \"traffic_light\"]"),
                        data,
                        42);
        assertEquals(2000, driving.size());
        assertEquals(8, driving.features());
        int unknown = 0;
        for (boolean[] row : driving.known()) {
            for (boolean k : row) {
                unknown += k ? 0 : 1;
            }
        }
        assertTrue(unknown > 0, "driving.csv marks some labels unknown with ?");
    }
}
