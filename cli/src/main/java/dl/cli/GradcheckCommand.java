package dl.cli;

import dl.experiment.Experiment;
import dl.spec.ConfigException;
import dl.train.GradientCheck;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dl gradcheck CONFIG`: is backpropagation right for this architecture? */
@Command(
        name = "gradcheck",
        description =
                "Numerical gradient check of the configured model on a few examples "
                        + "(double precision, dropout off): < 1e-7 great, < 1e-5 fine, > 1e-3 a bug. Exit 1 unless fine.")
public final class GradcheckCommand extends DlCommand {
    @CommandLine.Mixin ConfigArgs args;

    @Option(
            names = "--examples",
            description = "examples in the checked batch (default: ${DEFAULT-VALUE})",
            defaultValue = "8")
    int examples;

    @Override
    public Integer call() {
        if (examples < 1) {
            throw new ConfigException("--examples: must be at least 1, found " + examples);
        }
        Experiment e = args.load();
        List<GradientCheck.Row> rows = GradientCheck.run(e.spec(), e.data(), examples);
        PrintWriter out = out();
        out.printf(
                Locale.ROOT,
                "%-24s %10s %8s %14s  %s%n",
                "parameter",
                "size",
                "checked",
                "difference",
                "verdict");
        double worst = 0;
        for (GradientCheck.Row r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-24s %10d %8d %14.3e  %s%n",
                    r.parameter(),
                    r.size(),
                    r.checked(),
                    r.difference(),
                    r.verdict());
            worst = Double.isNaN(r.difference()) ? Double.NaN : Math.max(worst, r.difference());
        }
        out.printf(
                Locale.ROOT,
                "worst relative difference %.3e: %s%n",
                worst,
                GradientCheck.verdict(worst));
        out.flush();
        return !Double.isNaN(worst) && worst < 1e-5 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
