package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.render.Documents;
import io.fulcrum.cli.render.StatusView;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "The fleet at a glance: directors, VRRP masters, virtual servers not yet rolled out.",
            "",
            "The revision; each director, whether it is connected and which revision it has applied; each VRRP"
                    + " group's master; the virtual servers whose last change is not yet applied on every"
                    + " director serving them, with the last error an agent reported.",
            "",
            "JSON: {revision, directors[{name, connected, appliedRevision}], vrrpGroups[{name, vrid, master,"
                    + " splitBrain, members[{director, connected, state}]}], virtualServers{total,"
                    + " incomplete[{name, revision, directors, applied, pending[], lastError}]}}, members in that"
                    + " order.",
        })
public final class Status extends ApiCommand {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = Format.TextOrJson.class,
            description = "table (the default) or json")
    Format format = Format.TABLE;

    public Status(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        ObjectNode status = collect(api());
        print(format == Format.JSON ? Documents.json(status) : StatusView.render(status, style()));
        return OK;
    }

    /** The status document from the REST endpoints (openapi.yaml: revision, directors, the status ones). */
    static ObjectNode collect(ControlPlane api) {
        ObjectNode status = DocumentCodec.JSON.createObjectNode();
        status.put("revision", api.get("/api/v1/revision").path("revision").asLong());

        ArrayNode directors = status.putArray("directors");
        for (JsonNode d : api.list("/api/v1/directors", List.of())) {
            ObjectNode o = directors.addObject().put("name", d.path("name").asText());
            JsonNode s = d.path("status");
            o.put("connected", s.path("connected").asBoolean(false));
            JsonNode applied = s.get("appliedRevision");
            if (applied != null && !applied.isNull()) o.put("appliedRevision", applied.asLong());
            else o.putNull("appliedRevision");
        }

        ArrayNode groups = status.putArray("vrrpGroups");
        for (JsonNode g : api.list("/api/v1/vrrp-groups", List.of())) {
            String name = g.path("name").asText();
            JsonNode s = api.get("/api/v1/vrrp-groups/" + ControlPlane.segment(name) + "/status");
            ObjectNode o = groups.addObject()
                    .put("name", name)
                    .put("vrid", g.path("vrid").asInt());
            String master = null;
            ArrayNode members = DocumentCodec.JSON.createArrayNode();
            for (JsonNode m : s.path("members")) {
                boolean connected = m.path("connected").asBoolean(false);
                String state = m.hasNonNull("state") ? m.get("state").asText() : null;
                ObjectNode mo = members.addObject()
                        .put("director", m.path("director").asText())
                        .put("connected", connected);
                if (state != null) mo.put("state", state);
                else mo.putNull("state");
                if (connected && "MASTER".equals(state))
                    master = master == null
                            ? m.path("director").asText()
                            : master + "," + m.path("director").asText();
            }
            if (master != null) o.put("master", master);
            else o.putNull("master");
            o.put("splitBrain", s.path("splitBrain").asBoolean(false));
            o.set("members", members);
        }

        ObjectNode vs = status.putObject("virtualServers");
        List<JsonNode> all = api.list("/api/v1/virtual-servers", List.of());
        vs.put("total", all.size());
        ArrayNode incomplete = vs.putArray("incomplete");
        for (JsonNode v : all) {
            String name = v.path("name").asText();
            JsonNode r = api.get("/api/v1/virtual-servers/" + ControlPlane.segment(name) + "/status");
            boolean behind = r.path("applied").asInt() < r.path("directors").asInt();
            boolean failed = r.hasNonNull("lastError");
            if (!behind && !failed) continue;
            ObjectNode o = incomplete.addObject().put("name", name);
            o.put("revision", r.path("revision").asLong());
            o.put("directors", r.path("directors").asInt());
            o.put("applied", r.path("applied").asInt());
            o.set("pending", r.path("pending").isArray() ? r.get("pending") : DocumentCodec.JSON.createArrayNode());
            if (failed) o.set("lastError", r.get("lastError"));
            else o.putNull("lastError");
        }
        return status;
    }
}
