package io.fulcrum.cli.command;

import io.fulcrum.cli.CliException;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.http.Request;
import io.fulcrum.cli.http.Response;
import io.fulcrum.cli.http.ServerSentEvents;
import io.fulcrum.cli.render.EventView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Follow the control plane's live events.",
            "",
            "GET " + Watch.EVENTS + " (server-sent events), one line per event, until interrupted:",
            "revisions and what they changed, agents connecting, acking and nacking, VRRP state and",
            "real-server health changes, counters. A dropped connection is resumed where it broke",
            "(Last-Event-ID); when the control plane says to resync (this watch fell behind), it says",
            "so on stderr and follows again from that revision.",
            "",
            "  fulcrum ctl watch",
            "  fulcrum ctl watch --types vrrp,health",
            "  fulcrum ctl watch --since 120 -o json | jq .",
            "  fulcrum ctl watch --types revision --count 1    # wait for the next change",
        })
public final class Watch extends ApiCommand {
    static final String EVENTS = "/api/v1/events";
    /** Waits between reconnections after a drop: at once, then doubling up to this. */
    static final long MAX_BACKOFF_MILLIS = 10_000;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = Format.TextOrJson.class,
            description =
                    "table (a line per event for people, the default) or json ({\"event\": TYPE, \"data\": DATA} a line)")
    Format format = Format.TABLE;

    @Option(
            names = "--since",
            paramLabel = "REVISION",
            description = "first replay the revisions after this one (from the audit trail), then follow")
    Long since;

    @Option(
            names = {"-t", "--types"},
            split = ",",
            paramLabel = "TYPE",
            description = "only these: revision, agent, vrrp, health, counters (default all)")
    List<String> types;

    @Option(
            names = {"-n", "--count"},
            paramLabel = "N",
            description = "stop after N events (e.g. wait for the next revision in a script)")
    Integer count;

    /** Thrown from the line reader to leave the stream once --count events were shown. */
    private static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Enough() {
            super(null, null, false, false);
        }
    }

    public Watch(Context ctx) {
        super(ctx);
    }

    /** Where the watch stands: the last event id and revision seen, and whether the last event was a resync. */
    private static final class Position {
        String lastId;
        Long revision;
        boolean opened;
        Long resyncAt;
        int shown;
    }

    @Override
    public Integer call() throws InterruptedException {
        ControlPlane api = api();
        boolean json = format == Format.JSON;
        Position at = new Position();
        at.revision = since;
        long backoff = 0;
        boolean first = true;
        while (true) {
            at.opened = false;
            at.resyncAt = null;
            ServerSentEvents events = new ServerSentEvents(e -> {
                at.opened = true;
                out().println(EventView.render(e.type(), e.data(), json, style()));
                out().flush();
                at.shown++;
                if (e.id() != null && !e.id().isEmpty()) at.lastId = e.id();
                Long rev = EventView.revision(e.data());
                if (e.type().equals("revision") && rev != null) at.revision = rev;
                if (!e.type().equals("resync")) at.resyncAt = null;
                else {
                    at.resyncAt = rev;
                    err().println("The control plane says to resync (" + EventView.reason(e.data())
                            + "): re-read the state" + (rev == null ? "." : " of revision " + rev + "."));
                    err().flush();
                }
            });
            Request req = Request.get(path(at)).header("Accept", "text/event-stream");
            if (at.lastId != null) req = req.header("Last-Event-ID", at.lastId);
            Response r;
            try {
                r = api.stream(req, line -> {
                    at.opened = true;
                    events.accept(line);
                    if (count != null && at.shown >= count) throw new Enough();
                });
            } catch (Enough e) {
                return OK;
            } catch (CliException e) {
                if (first && !at.opened) throw e;
                // the connection broke (or the control plane is away for now): resume where it broke
                err().println("The event stream broke (" + e.getMessage() + "); reconnecting"
                        + (backoff == 0 ? "." : " in " + backoff / 1000 + " s."));
                err().flush();
                if (backoff > 0) Thread.sleep(backoff);
                backoff = backoff == 0 ? 1_000 : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                first = false;
                continue;
            }
            if (first && r.status() == 404)
                throw new CliException(
                        "this control plane has no event stream yet (GET " + EVENTS + ")",
                        "use `fulcrum ctl status` to see the fleet");
            api.expectOk(r, null);
            events.accept("");
            first = false;
            backoff = 0;
            if (at.resyncAt != null) {
                // it fell behind and the control plane closed the stream: follow again from that revision
                at.lastId = null;
                at.revision = at.resyncAt;
                err().println("Following again from revision " + at.resyncAt + ".");
                err().flush();
                continue;
            }
            err().println("The control plane ended the event stream.");
            err().flush();
            return OK;
        }
    }

    /** The path with types, and since when not resuming by id. */
    private String path(Position at) {
        StringBuilder q = new StringBuilder();
        if (types != null && !types.isEmpty())
            q.append("&types=").append(URLEncoder.encode(String.join(",", types), StandardCharsets.UTF_8));
        if (at.lastId == null && at.revision != null) q.append("&since=").append(at.revision);
        return q.length() == 0 ? EVENTS : EVENTS + "?" + q.substring(1);
    }
}
