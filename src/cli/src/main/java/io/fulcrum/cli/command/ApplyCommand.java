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
        // openapi.yaml's ApplyResult: the revision after it, the apply's id (its audit records carry it), the plan
        JsonNode result = api.json(api.expectOk(r, null));
        JsonNode applied = result.hasNonNull("plan") ? result.get("plan") : plan;
        JsonNode revision = result.get("revision");
        if (revision == null || !revision.canConvertToLong())
            revision = api.get("/api/v1/revision").get("revision");
        print(style().green("Applied: "
                + PlanView.count(applied, "create") + " created, "
                + PlanView.count(applied, "update") + " updated, "
                + PlanView.count(applied, "delete") + " deleted; the control plane is at revision "
                + (revision == null ? "?" : revision.asText()) + "."));
        if (result.hasNonNull("apply"))
            print(style().dim("Apply " + result.get("apply").asText() + "; its audit records: GET /api/v1/audit?apply="
                    + ControlPlane.segment(result.get("apply").asText())));
        return OK;
    }
}
