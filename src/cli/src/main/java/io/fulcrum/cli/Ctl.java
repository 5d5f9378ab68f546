package io.fulcrum.cli;

import io.fulcrum.cli.command.ApplyCommand;
import io.fulcrum.cli.command.Completion;
import io.fulcrum.cli.command.DiffCommand;
import io.fulcrum.cli.command.Export;
import io.fulcrum.cli.command.ExportKeepalived;
import io.fulcrum.cli.command.Get;
import io.fulcrum.cli.command.ImportKeepalived;
import io.fulcrum.cli.command.ListResources;
import io.fulcrum.cli.command.Login;
import io.fulcrum.cli.command.PlanCommand;
import io.fulcrum.cli.command.SetAdminState;
import io.fulcrum.cli.command.Status;
import io.fulcrum.cli.command.Watch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: its subcommands, the options every one of them takes, and the common help text. */
@Command(
        name = "fulcrum ctl",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description = {
            "Manage a Fulcrum control plane: read its resources, plan and apply configuration documents, drain"
                    + " and enable real servers, see the fleet's status and follow its events.",
        },
        subcommands = {
            Get.class,
            ListResources.class,
            PlanCommand.class,
            ApplyCommand.class,
            DiffCommand.class,
            Export.class,
            ImportKeepalived.class,
            ExportKeepalived.class,
            SetAdminState.Drain.class,
            SetAdminState.Enable.class,
            SetAdminState.Disable.class,
            Status.class,
            Watch.class,
            Login.class,
            Completion.class,
            HelpCommand.class
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  FULCRUM_URL         the control plane's URL, e.g. http://localhost:8080",
            "  FULCRUM_TOKEN       an API token (or FULCRUM_TOKEN_FILE: a file holding one)",
            "  FULCRUM_CA          a PEM file of the CA to trust for https",
            "  NO_COLOR            plain output (also when stdout is not a terminal)",
            "They override what `fulcrum ctl login` saved in ~/.config/fulcrum/cli.yaml.",
            "",
            "Exit status: 0 success; 1 error (nothing was changed unless the output says so); 2 `plan` or `diff`:"
                    + " the document would change something.",
        })
public final class Ctl implements Callable<Integer> {
    private final Context ctx;

    @Spec
    CommandSpec spec;

    public Ctl(Context ctx) {
        this.ctx = ctx;
    }

    @Option(
            names = "--no-color",
            scope = ScopeType.INHERIT,
            description = "No colours (there are none either when stdout is not a terminal or NO_COLOR is set).")
    void noColor(boolean noColor) {
        ctx.noColor(noColor);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(ctx.err());
        return 1;
    }
}
