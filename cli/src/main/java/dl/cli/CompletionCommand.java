package dl.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** `dl completion`: a bash / zsh completion script (`source <(dl completion)`). */
@Command(
        name = "completion",
        description = "Print a bash/zsh completion script: source <(dl completion)")
public final class CompletionCommand extends DlCommand {
    @Override
    public Integer call() {
        out().print(AutoComplete.bash("dl", spec.root().commandLine()));
        out().flush();
        return ExitCodes.OK;
    }
}
