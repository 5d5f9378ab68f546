package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.cli.CliException;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.render.Documents;
import io.fulcrum.cli.render.Table;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "list",
        aliases = "ls",
        mixinStandardHelpOptions = true,
        description = {
            "List the resources of a kind.",
            "",
            "Every page, ordered by name; real servers are those of one virtual server.",
            "",
            "  fulcrum ctl list directors",
            "  fulcrum ctl list virtual-servers -l team=payments -o json",
            "  fulcrum ctl list real-servers web",
            "",
            "JSON and YAML: {\"items\": [...]} with every item as the API returns it.",
        })
public final class ListResources extends ApiCommand {
    @Parameters(
            index = "0",
            paramLabel = "KIND",
            converter = Kind.Converter.class,
            completionCandidates = Kind.Names.class,
            description = "${COMPLETION-CANDIDATES}")
    Kind kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VIRTUAL-SERVER", description = "For real-servers: whose.")
    String virtualServer;

    @Option(
            names = {"-l", "--label"},
            paramLabel = "KEY=VALUE",
            description = "Only resources with this label (repeat to require several).")
    List<String> labels = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = Format.All.class,
            description = "${COMPLETION-CANDIDATES} (default: table)")
    Format format = Format.TABLE;

    public ListResources(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        List<String> parents = virtualServer == null ? List.of() : List.of(virtualServer);
        if (kind == Kind.REAL_SERVERS && virtualServer == null)
            throw new CliException(
                    "real-servers belong to a virtual server: name it",
                    "fulcrum ctl list real-servers VIRTUAL-SERVER (`fulcrum ctl list virtual-servers` lists them)");
        if (kind != Kind.REAL_SERVERS && virtualServer != null)
            throw new CliException(
                    kind.plural + " take no name in list",
                    "fulcrum ctl list " + kind.plural + " (or get " + kind.singular + " NAME)");
        List<JsonNode> items = api().list(Resources.collection(kind, parents), labels);
        ObjectNode doc = DocumentCodec.JSON.createObjectNode();
        doc.putArray("items").addAll(items);
        switch (format) {
            case JSON -> print(Documents.json(doc));
            case YAML -> print(Documents.yaml(doc));
            case TABLE -> {
                Table t = Resources.table(kind, items, style());
                if (t.isEmpty()) err().println("No " + kind.plural + (labels.isEmpty() ? "." : " with those labels."));
                else print(t.render(style()));
                err().flush();
            }
        }
        return OK;
    }
}
