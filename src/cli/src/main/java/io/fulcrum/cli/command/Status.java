package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.render.Documents;
import io.fulcrum.cli.render.StatusView;
import io.fulcrum.model.codec.DocumentCodec;
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

    /**
     * The status document from one request, {@code GET /api/v1/status} (openapi.yaml's FleetStatus),
     * whatever the size of the fleet: revision, directors, each VRRP group with its master, and the
     * virtual servers not yet applied everywhere.
     */
    static ObjectNode collect(ControlPlane api) {
        JsonNode fleet = api.get("/api/v1/status");
        ObjectNode status = DocumentCodec.JSON.createObjectNode();
        status.put("revision", fleet.path("revision").asLong());

        ArrayNode directors = status.putArray("directors");
        for (JsonNode d : fleet.path("directors")) {
            ObjectNode o = directors.addObject().put("name", d.path("name").asText());
            o.put("connected", d.path("connected").asBoolean(false));
            JsonNode applied = d.get("appliedRevision");
            if (applied != null && !applied.isNull()) o.put("appliedRevision", applied.asLong());
            else o.putNull("appliedRevision");
        }

        ArrayNode groups = status.putArray("vrrpGroups");
        for (JsonNode g : fleet.path("vrrpGroups")) {
            JsonNode s = g.path("status");
            ObjectNode o = groups.addObject()
                    .put("name", g.path("name").asText())
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
        JsonNode all = fleet.path("virtualServers");
        vs.put("total", all.path("total").asInt());
        ArrayNode incomplete = vs.putArray("incomplete");
        for (JsonNode v : all.path("incomplete")) {
            JsonNode r = v.path("status");
            ObjectNode o = incomplete.addObject().put("name", v.path("name").asText());
            o.put("revision", r.path("revision").asLong());
            o.put("directors", r.path("directors").asInt());
            o.put("applied", r.path("applied").asInt());
            o.set("pending", r.path("pending").isArray() ? r.get("pending") : DocumentCodec.JSON.createArrayNode());
            if (r.hasNonNull("lastError")) o.set("lastError", r.get("lastError"));
            else o.putNull("lastError");
        }
        return status;
    }
}
