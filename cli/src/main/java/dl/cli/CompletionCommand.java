package dl.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `dl completion`: a bash / zsh completion script (`source <(dl completion)`). */
@Command(
        name = "completion",
        description = "Print a bash/zsh completion script: source <(dl completion)")
public final class CompletionCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("dl", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
