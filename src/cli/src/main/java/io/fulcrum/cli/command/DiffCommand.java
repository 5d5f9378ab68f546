package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.render.PlanView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Show only what a configuration document changes.",
            "",
            "The resources it creates, updates and deletes, with the changed fields; nothing when it changes"
                    + " nothing.",
            "",
            "  fulcrum ctl diff -f fleet.yaml",
        },
        exitCodeListHeading = "%nExit status (as plan):%n",
        exitCodeList = {"0:no differences", "1:error", "2:differences"})
public final class DiffCommand extends ApiCommand {
    @Mixin
    DocumentInput input;

    public DiffCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        JsonNode plan = input.plan(ctx);
        print(PlanView.renderDiff(plan, style()));
        return PlanCommand.exit(plan);
    }
}
