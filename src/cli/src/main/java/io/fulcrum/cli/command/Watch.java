package io.fulcrum.cli.command;

import io.fulcrum.cli.CliException;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.http.Request;
import io.fulcrum.cli.http.Response;
import io.fulcrum.cli.http.ServerSentEvents;
import io.fulcrum.cli.render.EventView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Follow the control plane's live events.",
            "",
            "GET " + Watch.EVENTS + " (server-sent events), one line per event, until interrupted.",
            "",
            "  fulcrum ctl watch",
            "  fulcrum ctl watch -o json | jq .",
        })
public final class Watch extends ApiCommand {
    static final String EVENTS = "/api/v1/events";

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = Format.TextOrJson.class,
            description = "table (TYPE DATA a line, the default) or json ({\"event\": TYPE, \"data\": DATA} a line)")
    Format format = Format.TABLE;

    public Watch(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        ControlPlane api = api();
        boolean json = format == Format.JSON;
        ServerSentEvents events = new ServerSentEvents(e -> {
            out().println(EventView.render(e.type(), e.data(), json, style()));
            out().flush();
        });
        Response r = api.stream(Request.get(EVENTS).header("Accept", "text/event-stream"), events);
        if (r.status() == 404)
            throw new CliException(
                    "this control plane has no event stream yet (GET " + EVENTS + ")",
                    "use `fulcrum ctl status` to see the fleet");
        api.expectOk(r, null);
        events.accept("");
        err().println("The control plane ended the event stream.");
        err().flush();
        return OK;
    }
}
