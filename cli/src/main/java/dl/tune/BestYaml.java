package dl.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dl.run.AtomicFiles;
import dl.run.RunFolder;
import dl.run.TuneFolder;
import dl.spec.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * best.yaml: the best trial's resolved config as an ordinary experiment, so `dl train best.yaml`
 * retrains it.
 */
final class BestYaml {
    private BestYaml() {}

    static void write(TuneFolder folder, int bestTrial, String studyName) {
        try {
            ObjectNode tree =
                    (ObjectNode)
                            ConfigLoader.readTree(new RunFolder(folder.trial(bestTrial)).config());
            tree.remove("search");
            tree.put("name", studyName + "-best");
            AtomicFiles.writeString(
                    folder.bestYaml(), ConfigLoader.yaml().writeValueAsString(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
