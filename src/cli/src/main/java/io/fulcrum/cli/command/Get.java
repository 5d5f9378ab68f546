package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ApiError;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.http.Request;
import io.fulcrum.cli.http.Response;
import io.fulcrum.cli.render.Documents;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Show one resource.",
            "",
            "A director, VRRP group or virtual server by name; a real server by its virtual server's name and"
                    + " its own.",
            "",
            "  fulcrum ctl get director lb1",
            "  fulcrum ctl get virtual-server web -o yaml",
            "  fulcrum ctl get real-server web a -o json",
        })
public final class Get extends ApiCommand {
    @Parameters(
            index = "0",
            paramLabel = "KIND",
            converter = Kind.Converter.class,
            completionCandidates = Kind.Names.class,
            description = "${COMPLETION-CANDIDATES} (or singular)")
    Kind kind;

    @Parameters(index = "1..2", arity = "1..2", paramLabel = "NAME", description = "The name (a real server: VS RS).")
    List<String> names = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = Format.All.class,
            description = "${COMPLETION-CANDIDATES} (default: table). JSON is the resource as the API returns it.")
    Format format = Format.TABLE;

    public Get(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Resources.checkNames(kind, names, Resources.names(kind), "fulcrum ctl get KIND NAME (real-server: VS RS)");
        String path = Resources.collection(kind, names) + "/" + ControlPlane.segment(names.get(names.size() - 1));
        ControlPlane api = api();
        Response r = api.send(Request.get(path));
        if (r.status() == 404) {
            String list = kind == Kind.REAL_SERVERS ? kind.plural + " " + names.get(0) : kind.plural;
            throw ApiError.of(r, api.where(), "check the name: `fulcrum ctl list " + list + "` shows what exists");
        }
        JsonNode body = api.json(api.expectOk(r, null));
        switch (format) {
            case JSON -> print(Documents.json(body));
            case YAML -> print(Documents.yaml(body));
            case TABLE -> print(Resources.table(kind, List.of(body), style()).render(style()));
        }
        return OK;
    }
}
