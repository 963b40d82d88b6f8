package dl.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.EvalResult;
import dl.run.Json;
import dl.run.RunStatus;
import dl.run.TuneFolder;
import dl.run.TuneInfo;
import dl.spec.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyRecordTest {
    @TempDir Path dir;

    @Test
    void aSecondTestEvaluationReplacesTheFirst() throws IOException {
        TuneFolder folder = new TuneFolder(dir);
        assertFalse(StudyRecord.isTuneFolder(dir));
        TuneInfo info = TuneInfo.start("s", "now", "random", 1L, 1);
        Json.write(folder.tuneJson(), info);
        assertTrue(StudyRecord.isTuneFolder(dir));
        assertThrows(ConfigException.class, () -> StudyRecord.bestTrial(dir));
        Json.write(
                folder.tuneJson(), info.recorded(2, null, 2).ended(RunStatus.INTERRUPTED, "later"));
        assertTrue(StudyRecord.interrupted(dir));
        assertEquals(folder.trial(2), StudyRecord.bestTrial(dir).dir());
        Files.writeString(folder.report(), "# s\n");
        StudyRecord.recordTest(
                dir,
                new EvalResult(
                        "test", 10, "best", 3, Map.of("accuracy", 0.5), null, null, null, null));
        StudyRecord.recordTest(
                dir,
                new EvalResult(
                        "test", 10, "best", 3, Map.of("accuracy", 0.7), null, null, null, null));
        String md = Files.readString(folder.report());
        assertEquals(
                md.indexOf("## Test of the best trial"),
                md.lastIndexOf("## Test of the best trial"));
        assertTrue(md.startsWith("# s\n"), md);
        assertTrue(
                md.contains("## Test of the best trial\n\nTrial 2 on the test split (10 examples)"),
                md);
        assertTrue(md.contains("| metric | value |\n|---|---:|\n| accuracy | 0.7000 |\n"), md);
        assertFalse(md.contains("{accuracy="), md);
        assertEquals(
                0.7, Json.read(folder.tuneJson(), TuneInfo.class).test().metrics().get("accuracy"));
    }
}
