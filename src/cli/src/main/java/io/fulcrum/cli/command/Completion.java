package io.fulcrum.cli.command;

import io.fulcrum.cli.CliException;
import io.fulcrum.cli.Context;
import java.util.Iterator;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script for bash or zsh.",
            "",
            "The script (picocli's; zsh runs it through bashcompinit) completes a command named NAME, e.g. an"
                    + " alias:",
            "",
            "  alias fulcrum-ctl='/path/to/bin/fulcrum ctl'",
            "  source <(fulcrum-ctl completion bash)",
        })
public final class Completion extends ApiCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SHELL",
            completionCandidates = Shells.class,
            description = "${COMPLETION-CANDIDATES} (default: bash)")
    String shell = "bash";

    @Option(names = "--name", paramLabel = "NAME", description = "The command to complete (default: fulcrum-ctl).")
    String name = "fulcrum-ctl";

    public Completion(Context ctx) {
        super(ctx);
    }

    static final class Shells implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("bash", "zsh").iterator();
        }
    }

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh"))
            throw new CliException("no completion for '" + shell + "'", "use bash or zsh");
        print(AutoComplete.bash(name, spec.root().commandLine()));
        return OK;
    }
}
