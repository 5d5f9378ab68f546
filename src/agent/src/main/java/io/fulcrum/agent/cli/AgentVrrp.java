package io.fulcrum.agent.cli;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.runtime.LinuxHost;
import io.fulcrum.vrrp.runtime.VrrpRouter;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The agent's VRRP role: the groups of the document that list this director as a member, run on a
 * thread of their own, with a graceful stop (priority 0, addresses given back) when the agent stops.
 * Taken from the document as the agent first loads it; later changes to those groups take effect
 * when the agent restarts (a restart of VRRP alone would hand mastership over for nothing).
 */
final class AgentVrrp {
    private final List<VrrpGroup> groups;

    private AgentVrrp(List<VrrpGroup> groups) { this.groups = groups; }

    /** Starts the director's VRRP groups; null when it is a member of none. */
    static AgentVrrp start(ConfigDocument doc, String director, PrintStream out) {
        List<VrrpGroup> mine = doc.groupsOf(director);
        if (mine.isEmpty()) return null;
        Consumer<String> log = line -> {
            synchronized (out) {
                out.println(Instant.now() + " vrrp: " + line);
            }
        };
        LinuxHost host = new LinuxHost(log);
        VrrpRouter router;
        try {
            router = VrrpRouter.create(doc, director, host, log, (group, from, to, reason) -> { });
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        Thread thread = new Thread(() -> {
            try {
                router.run();
            } catch (RuntimeException e) { // e.g. the kernel refused a socket: the director then never takes the VIPs
                log.accept("stopped by a failure: " + e);
            } finally {
                host.close();
            }
        }, "vrrp");
        Runtime.getRuntime().addShutdownHook(new Thread(router::stop, "vrrp-stop"));
        thread.start();
        return new AgentVrrp(mine);
    }

    /** True when {@code doc} gives this director other VRRP groups than the running ones ({@code running} null: none). */
    static boolean changed(AgentVrrp running, ConfigDocument doc, String director) {
        return !doc.groupsOf(director).equals(running == null ? List.of() : running.groups);
    }
}
