package io.fulcrum.agent.run;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import io.fulcrum.health.HealthView;
import io.fulcrum.health.decide.Health;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.runtime.Threads;
import io.fulcrum.vrrp.machine.Counters;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.runtime.GroupChanges;
import io.fulcrum.vrrp.runtime.Host;
import io.fulcrum.vrrp.runtime.LinuxHost;
import io.fulcrum.vrrp.runtime.VrrpRouter;
import io.fulcrum.vrrp.track.GroupScripts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The agent's VRRP role: the groups of the document that list this director as a member, run on a
 * thread of their own, with a graceful stop (priority 0, addresses given back) when the agent stops.
 * A later desired state is applied as a reload ({@link #reconfigure}, {@link VrrpRouter#reconfigure}):
 * groups that did not change run on untouched, changed ones keep their state where the change allows
 * it (restarted only when their identity changes: interface, VRID, version, family, virtual MAC), removed
 * ones stop gracefully, new ones start. Every transition is kept (the status stream's VRRP states) and handed to a listener. The groups'
 * track scripts and notify hooks run through the agent's {@link GroupScripts}; their tracked virtual
 * servers follow the health checker ({@link #track}).
 */
public final class AgentVrrp {
    /**
     * A group's state as the status stream reports it: {@code priority} is this director's configured one,
     * {@code effectivePriority} the one it advertises now (tracking included).
     */
    public record GroupStatus(
            String group, State state, int priority, Instant since, String reason, int effectivePriority) {
        public GroupStatus(String group, State state, int priority, Instant since, String reason) {
            this(group, state, priority, since, reason, priority);
        }
    }

    private static final System.Logger LOG = System.getLogger(AgentVrrp.class.getName());

    /** How long {@link #reconfigure} waits for the router thread to carry a reload out. */
    static final long RELOAD_WAIT_SECONDS = 10;

    /** The groups running, as of the last reload; the agent loop's thread only. */
    private List<VrrpGroup> groups;

    private final String director;
    private final Map<String, GroupStatus> status = new ConcurrentHashMap<>();
    private final VirtualServerTracking tracking = new VirtualServerTracking();
    private VrrpRouter router;

    private AgentVrrp(List<VrrpGroup> groups, String director, Instant startedAt) {
        this.groups = groups;
        this.director = director;
        for (VrrpGroup g : groups)
            status.put(
                    g.name(),
                    new GroupStatus(g.name(), State.INITIALIZE, priority(g, director), startedAt, "starting"));
    }

    /** Starts the director's VRRP groups; null when it is a member of none. {@code transitions} is told of every transition. */
    static AgentVrrp start(ConfigDocument doc, String director, VrrpRouter.Listener transitions) {
        return start(doc, director, transitions, GroupScripts.NONE, HealthView.EMPTY);
    }

    /**
     * {@link #start} with the groups' scripts run by {@code scripts}, and their tracked virtual servers as
     * {@code health} sees them before the groups start.
     *
     * @throws ValidationException when a group cannot run here (a script {@code scripts} refuses, among others)
     */
    static AgentVrrp start(
            ConfigDocument doc,
            String director,
            VrrpRouter.Listener transitions,
            GroupScripts scripts,
            HealthView health) {
        return start(doc, director, transitions, scripts, health, (Path) null);
    }

    /** {@link #start} keeping the originals of the sysctls changed for virtual MACs in {@code stateDir} (null: in memory). */
    static AgentVrrp start(
            ConfigDocument doc,
            String director,
            VrrpRouter.Listener transitions,
            GroupScripts scripts,
            HealthView health,
            Path stateDir) {
        return start(doc, director, transitions, scripts, health, () -> new LinuxHost(stateDir));
    }

    /** {@link #start} on the host {@code hosts} makes: tests give a fake one. */
    static AgentVrrp start(
            ConfigDocument doc,
            String director,
            VrrpRouter.Listener transitions,
            GroupScripts scripts,
            HealthView health,
            Supplier<Host> hosts) {
        List<VrrpGroup> mine = doc.groupsOf(director);
        if (mine.isEmpty()) return null;
        AgentVrrp vrrp = new AgentVrrp(mine, director, Instant.now());
        Host host = hosts.get();
        VrrpRouter router;
        try {
            router = VrrpRouter.create(
                    doc,
                    director,
                    host,
                    (group, from, to, reason) -> {
                        vrrp.status.computeIfPresent(
                                group, (g, s) -> new GroupStatus(g, to, s.priority(), Instant.now(), reason));
                        transitions.transition(group, from, to, reason);
                    },
                    scripts);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        vrrp.router = router;
        vrrp.track(doc, health); // known before the groups start: an unweighted tracking starts its group in FAULT
        // stopped by stop(): the agent loop's, on its way out (also when the agent stops on SIGTERM)
        Threads.start("vrrp", () -> {
            try {
                router.run();
            } catch (RuntimeException e) { // e.g. the kernel refused a socket: the director then never takes the VIPs
                LOG.log(ERROR, "vrrp: stopped by a failure: " + e, e);
            } finally {
                host.close();
            }
        });
        return vrrp;
    }

    /** Each group's counters (adverts, become-master, drops by reason), live, by name. */
    public Map<String, Counters> counters() {
        return router == null ? Map.of() : router.counters();
    }

    /** Each group's track scripts' results (UP / DOWN once known), by group and script name. */
    public Map<String, Map<String, Health>> scriptHealth() {
        return router == null ? Map.of() : router.scriptHealth();
    }

    /** Every group's state, by group name order, with the priority it advertises now. */
    public List<GroupStatus> status() {
        Map<String, Integer> now = router == null ? Map.of() : router.priorities();
        return status.values().stream()
                .sorted(Comparator.comparing(GroupStatus::group))
                .map(s -> new GroupStatus(
                        s.group(),
                        s.state(),
                        s.priority(),
                        s.since(),
                        s.reason(),
                        now.getOrDefault(s.group(), s.priority())))
                .toList();
    }

    /**
     * Tells the groups what their tracked virtual servers' health does to them now (only what changed
     * since the last call). {@code doc}: the desired state in force, for the virtual servers' definitions.
     */
    void track(ConfigDocument doc, HealthView health) {
        for (VirtualServerTracking.Change c : tracking.changes(groups, doc, health)) {
            LOG.log(INFO, "vrrp: " + c.group() + ": " + c.message());
            router.track(c.group(), c.event());
        }
    }

    /** Stops the groups (priority 0, addresses given back; their STOP hooks are queued); waits for it, boundedly. */
    void stop() {
        if (router != null) router.stop();
    }

    /**
     * Applies {@code doc}'s groups for this director as a reload, on the router's thread, and waits for it
     * (boundedly). What the groups' tracked virtual servers do is told first, so that a group the reload
     * starts knows it before its startup. Returns each group's change.
     *
     * @throws ValidationException when a group cannot run here: then nothing changed
     * @throws IllegalStateException when the router stopped, or did not answer in time (the reload may still be carried out)
     */
    List<GroupChanges.Change> reconfigure(ConfigDocument doc, HealthView health) {
        List<VrrpGroup> next = doc.groupsOf(director);
        Instant now = Instant.now();
        List<String> added = new ArrayList<>();
        for (VrrpGroup g : next) {
            if (status.putIfAbsent(
                            g.name(),
                            new GroupStatus(g.name(), State.INITIALIZE, priority(g, director), now, "starting"))
                    == null) added.add(g.name());
        }
        for (VirtualServerTracking.Change c : tracking.changes(next, doc, health)) {
            LOG.log(INFO, "vrrp: " + c.group() + ": " + c.message());
            router.track(c.group(), c.event());
        }
        List<GroupChanges.Change> changes;
        try {
            changes = router.reconfigure(doc).get(RELOAD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            added.forEach(status::remove);
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "the VRRP router did not carry the change out within " + RELOAD_WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the VRRP change was carried out");
        }
        groups = next;
        for (GroupChanges.Change c : changes) {
            if (c.kind() == GroupChanges.Kind.REMOVED) {
                status.remove(c.group());
            } else {
                int p = priority(c.after(), director);
                status.computeIfPresent(c.group(), (g, s) -> new GroupStatus(g, s.state(), p, s.since(), s.reason()));
            }
        }
        return changes;
    }

    /** A group's change in a word or two for the log: kept, updated, restarted, started, stopped. */
    static String outcome(GroupChanges.Change c) {
        return switch (c.kind()) {
            case UNCHANGED -> "kept";
            case UPDATED -> "updated in place";
            case RESTART -> "restarted (" + c.reason() + ")";
            case ADDED -> "started";
            case REMOVED -> "stopped";
        };
    }

    /** True when {@code doc} gives this director other VRRP groups than the running ones ({@code running} null: none). */
    static boolean changed(AgentVrrp running, ConfigDocument doc, String director) {
        return !doc.groupsOf(director).equals(running == null ? List.of() : running.groups);
    }

    private static int priority(VrrpGroup g, String director) {
        return g.members().stream()
                .filter(m -> m.director().equals(director))
                .mapToInt(VrrpGroup.Member::priority)
                .findFirst()
                .orElse(0);
    }
}
