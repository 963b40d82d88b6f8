package dl.cli;

import dl.eval.Sampler;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dl sample RUN_DIR`. */
@Command(
        name = "sample",
        description = {
            "Print new sequences drawn from a trained language model (task: language_model), one per line.",
            "Each token is drawn from the model's next-token distribution until <EOS> or --max-length."
        })
public final class SampleCommand extends DlCommand {
    @CommandLine.Mixin TrainedRunArgs run;

    @Option(
            names = "--n",
            paramLabel = "N",
            description = "sequences to print (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    int n;

    @Option(
            names = "--temperature",
            paramLabel = "T",
            defaultValue = "1.0",
            description =
                    "below 1 sharpens the distribution (safer, more repetitive), above 1 flattens it (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(
            names = "--prefix",
            paramLabel = "P",
            defaultValue = "",
            description = "text every sequence starts with")
    String prefix;

    @Option(
            names = "--max-length",
            paramLabel = "L",
            description = "tokens per sequence at most (default: the longest training sequence)")
    Integer maxLength;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "random seed of the draws (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        List<String> lines =
                Sampler.sample(
                        run.folder(), run.checkpoint(), n, temperature, prefix, maxLength, seed);
        PrintWriter out = out();
        lines.forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }
}
