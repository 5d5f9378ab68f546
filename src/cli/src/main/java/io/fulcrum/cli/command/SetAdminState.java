package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.cli.CliException;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ApiError;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.http.Request;
import io.fulcrum.cli.http.Response;
import io.fulcrum.cli.render.Documents;
import io.fulcrum.cli.render.ResourceTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Sets a real server's adminState (openapi.yaml's RealServer): reads it, puts it back changed with
 * If-Match of what was read; when someone changed it in between (412) it reads and tries once more.
 */
public abstract class SetAdminState extends ApiCommand {
    @Parameters(index = "0", paramLabel = "VIRTUAL-SERVER", description = "The virtual server.")
    String virtualServer;

    @Parameters(index = "1", paramLabel = "REAL-SERVER", description = "The real server.")
    String realServer;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = Format.All.class,
            description = "${COMPLETION-CANDIDATES}: table (a line, the default) or the real server as the API"
                    + " returns it")
    Format format = Format.TABLE;

    private final String target;

    SetAdminState(Context ctx, String target) {
        super(ctx);
        this.target = target;
    }

    @Override
    public Integer call() {
        ControlPlane api = api();
        String path = "/api/v1/virtual-servers/" + ControlPlane.segment(virtualServer) + "/real-servers/"
                + ControlPlane.segment(realServer);
        String who = virtualServer + "/" + realServer;
        for (int attempt = 1; ; attempt++) {
            Response read = api.send(Request.get(path));
            if (read.status() == 404)
                throw ApiError.of(
                        read,
                        api.where(),
                        "check the names: `fulcrum ctl list real-servers " + virtualServer
                                + "` lists its real servers");
            JsonNode current = api.json(api.expectOk(read, null));
            String before = current.path("adminState").asText("enabled");
            if (before.equals(target)) {
                show(current, who + " is already " + ResourceTables.adminState(target, style()));
                return OK;
            }
            ObjectNode changed = ((ObjectNode) current.deepCopy());
            changed.remove("metadata");
            changed.put("adminState", target);
            Request put = Request.withBody("PUT", path, "application/json", changed.toString());
            String etag = etag(read, current);
            if (etag != null) put = put.header("If-Match", etag);
            Response r = api.send(put);
            if (r.status() == 412 && attempt == 1) continue;
            if (r.status() == 412)
                throw new CliException(
                        who + " changed twice while it was being set " + target + "; it is left as it is",
                        "run the command again (`fulcrum ctl get real-server " + virtualServer + " " + realServer
                                + "` shows it)");
            JsonNode after = api.json(api.expectOk(r, null));
            show(
                    after,
                    who + ": " + ResourceTables.adminState(before, style()) + " -> "
                            + ResourceTables.adminState(target, style())
                            + revision(after) + note());
            return OK;
        }
    }

    private void show(JsonNode resource, String line) {
        switch (format) {
            case JSON -> print(Documents.json(resource));
            case YAML -> print(Documents.yaml(resource));
            case TABLE -> print(line);
        }
    }

    /** The ETag of the read, or the quoted metadata.version it is made of. */
    private static String etag(Response read, JsonNode current) {
        String etag = read.header("ETag");
        if (etag != null) return etag;
        JsonNode v = current.path("metadata").get("version");
        return v == null ? null : "\"" + v.asText() + "\"";
    }

    private static String revision(JsonNode after) {
        JsonNode r = after.path("metadata").get("revision");
        return r == null ? "" : " (revision " + r.asText() + ")";
    }

    /** What the new state does, after the line. */
    abstract String note();

    @Command(
            name = "drain",
            mixinStandardHelpOptions = true,
            description = {
                "Drain a real server: weight 0 for new connections, removed once its connections end.",
                "",
                "  fulcrum ctl drain web a",
            })
    public static final class Drain extends SetAdminState {
        public Drain(Context ctx) {
            super(ctx, "draining");
        }

        @Override
        String note() {
            return "; no new connections, removed once its connections end";
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = {"Put a real server back in service.", "", "  fulcrum ctl enable web a"})
    public static final class Enable extends SetAdminState {
        public Enable(Context ctx) {
            super(ctx, "enabled");
        }

        @Override
        String note() {
            return "";
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = {
                "Take a real server out at once (its connections are not waited for; `drain` waits).",
                "",
                "  fulcrum ctl disable web a",
            })
    public static final class Disable extends SetAdminState {
        public Disable(Context ctx) {
            super(ctx, "disabled");
        }

        @Override
        String note() {
            return "; removed from the directors";
        }
    }
}
