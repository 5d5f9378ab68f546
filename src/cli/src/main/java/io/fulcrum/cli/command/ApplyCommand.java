package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.CliException;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ApiError;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.http.Request;
import io.fulcrum.cli.http.Response;
import io.fulcrum.cli.render.PlanView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = {
            "Plan a configuration document, show the plan, ask, then apply it.",
            "",
            "What is applied is exactly the plan shown: the control plane refuses it (and changes nothing) when"
                    + " anything changed since the plan.",
            "",
            "  fulcrum ctl apply -f fleet.yaml",
            "  fulcrum ctl apply -f fleet.yaml --prune --yes",
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:applied, or nothing to apply", "1:error, refused or not confirmed; nothing was changed"})
public final class ApplyCommand extends ApiCommand {
    @Mixin
    DocumentInput input;

    @Option(
            names = {"-y", "--yes"},
            description = "Apply without asking (needed when stdin is not a terminal).")
    boolean yes;

    public ApplyCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        String body = input.body(ctx);
        JsonNode plan = input.plan(ctx);
        print(PlanView.render(plan, style()));
        if (PlanView.refused(plan)) return ERROR;
        if (!PlanView.writes(plan)) return OK;
        ControlPlane api = api();
        if (!yes) {
            if (!ctx.terminal().inIsTerminal())
                throw new CliException(
                        "not applied: stdin is not a terminal, so there is no one to confirm the plan",
                        "run again with --yes to apply without asking");
            String answer = ctx.terminal().readLine("Apply this plan to " + api.where() + "? Only 'yes' applies it: ");
            if (answer == null || !answer.trim().equals("yes")) {
                err().println("Apply cancelled; nothing was changed.");
                err().flush();
                return ERROR;
            }
        }
        JsonNode basedOn = plan.get("basedOnRevision");
        Request put = Request.withBody("PUT", DocumentInput.CONFIG + input.query(), "application/json", body);
        if (basedOn != null && !basedOn.isNull()) put = put.header("If-Match", "\"" + basedOn.asLong() + "\"");
        Response r = api.send(put);
        if (r.status() == 412)
            throw ApiError.of(
                    r,
                    api.where(),
                    "the configuration changed since the plan (made on revision "
                            + (basedOn == null ? "?" : basedOn.asText())
                            + "); nothing was applied: run `fulcrum ctl apply` again to plan against the new state");
        JsonNode result = api.json(api.expectOk(r, null));
        JsonNode revision = result.get("revision");
        if (revision == null || !revision.canConvertToLong())
            revision = api.get("/api/v1/revision").get("revision");
        print(style().green("Applied: "
                + PlanView.count(plan, "create") + " created, "
                + PlanView.count(plan, "update") + " updated, "
                + PlanView.count(plan, "delete") + " deleted; the control plane is at revision "
                + (revision == null ? "?" : revision.asText()) + "."));
        return OK;
    }
}
