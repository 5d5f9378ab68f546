package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.render.Documents;
import io.fulcrum.cli.render.PlanView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Show what applying a configuration document would change, without changing anything.",
            "",
            "  fulcrum ctl plan -f fleet.yaml",
            "  fulcrum ctl plan -f fleet.yaml --prune -l team=payments -o json",
        },
        exitCodeListHeading = "%nExit status (as terraform plan -detailed-exitcode):%n",
        exitCodeList = {
            "0:no changes",
            "1:error: the document is refused, or the request failed",
            "2:the document would change something"
        })
public final class PlanCommand extends ApiCommand {
    @Mixin
    DocumentInput input;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = Format.TextOrJson.class,
            description = "table (the plan as text, the default) or json (the plan as the API returns it)")
    Format format = Format.TABLE;

    public PlanCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        JsonNode plan = input.plan(ctx);
        print(format == Format.JSON ? Documents.json(plan) : PlanView.render(plan, style()));
        return exit(plan);
    }

    /** 1 refused, 2 changes, 0 none. */
    static int exit(JsonNode plan) {
        if (PlanView.refused(plan)) return ERROR;
        return PlanView.writes(plan) ? CHANGES : OK;
    }
}
