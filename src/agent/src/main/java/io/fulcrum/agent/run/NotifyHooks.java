package io.fulcrum.agent.run;

import io.fulcrum.health.HealthEvent;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.ResourceRef;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.track.GroupScripts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The scripts a desired state makes this director run besides its health checks: its VRRP groups'
 * track scripts and notify hooks, its real servers' notify up/down and its virtual servers' notify
 * quorumUp/quorumDown hooks (keepalived's notify_up / notify_down). All come from the allowed script
 * directory only: a state naming any other is refused, every such field named.
 */
final class NotifyHooks {
    private NotifyHooks() {}

    /** The scripts of {@code doc} that {@code director} would run and {@code scripts} refuses, each on its field. */
    static List<FieldError> refused(ConfigDocument doc, String director, GroupScripts scripts) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            VrrpGroup g = doc.vrrpGroups().get(i);
            String at = "/vrrpGroups/" + i;
            if (g.hasMember(director))
                on(ResourceRef.vrrpGroup(g.name()), at, errors, e -> GroupScripts.checkGroup(g, at, scripts, e));
        }
        Set<String> served = new HashSet<>();
        for (VirtualServer v : doc.servedBy(director)) served.add(v.name());
        for (int i = 0; i < doc.virtualServers().size(); i++) {
            VirtualServer v = doc.virtualServers().get(i);
            if (!served.contains(v.name())) continue;
            checkServer(v, "/virtualServers/" + i, scripts, errors);
        }
        return errors;
    }

    /** The hooks of one served virtual server and its real servers ({@code at}: where it is in the document). */
    static void checkServer(VirtualServer v, String at, GroupScripts scripts, List<FieldError> errors) {
        on(ResourceRef.virtualServer(v.name()), at, errors, e -> {
            GroupScripts.checkField(scripts, v.notifyQuorumUp(), at + "/notify/quorumUp", e);
            GroupScripts.checkField(scripts, v.notifyQuorumDown(), at + "/notify/quorumDown", e);
        });
        for (int j = 0; j < v.realServers().size(); j++) {
            RealServer r = v.realServers().get(j);
            String rat = at + "/realServers/" + j;
            on(ResourceRef.realServer(v.name(), r.name()), rat, errors, e -> {
                GroupScripts.checkField(scripts, r.notifyUp(), rat + "/notify/up", e);
                GroupScripts.checkField(scripts, r.notifyDown(), rat + "/notify/down", e);
            });
        }
    }

    /** The errors {@code check} finds under {@code at}, where {@code object} lies, added to {@code errors} on that object. */
    private static void on(ResourceRef object, String at, List<FieldError> errors, Consumer<List<FieldError>> check) {
        List<FieldError> found = new ArrayList<>();
        check.accept(found);
        for (FieldError f : found) errors.add(f.within(object, at));
    }

    /**
     * Queues the hook a health event names, if any: a real server's notifyUp/notifyDown, a virtual
     * server's notifyQuorumUp/notifyQuorumDown. As keepalived runs notify_up / notify_down: with the
     * hook's own arguments, none added.
     */
    static void run(HealthEvent e, GroupScripts scripts) {
        if (e instanceof HealthEvent.RealServerChanged c && c.notifyHook() != null) {
            scripts.hook(
                    "real server " + c.virtualServer() + "/" + c.realServer() + " " + c.health(),
                    c.notifyHook().script(),
                    c.notifyHook().arguments());
        } else if (e instanceof HealthEvent.QuorumChanged q && q.notifyHook() != null) {
            scripts.hook(
                    "virtual server " + q.virtualServer() + " quorum " + (q.up() ? "up" : "down"),
                    q.notifyHook().script(),
                    q.notifyHook().arguments());
        }
    }
}
