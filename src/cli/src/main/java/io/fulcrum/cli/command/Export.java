package io.fulcrum.cli.command;

import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.http.Request;
import io.fulcrum.cli.render.Documents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Print every resource as one configuration document.",
            "",
            "No secrets, no read-only fields: what `apply -f` takes back.",
            "",
            "  fulcrum ctl export > fleet.yaml",
            "  fulcrum ctl export -o json",
        })
public final class Export extends ApiCommand {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = Format.Documents.class,
            description = "${COMPLETION-CANDIDATES} (default: yaml)")
    Format format = Format.YAML;

    public Export(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        ControlPlane api = api();
        if (format == Format.JSON) {
            print(Documents.json(api.get(DocumentInput.CONFIG)));
        } else {
            // the control plane's own YAML of the document, as it is
            print(api.expectOk(api.send(Request.get(DocumentInput.CONFIG).header("Accept", "application/yaml")), null)
                    .text());
        }
        return OK;
    }
}
