package io.fulcrum.vrrp.runtime;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.VrrpMachine;
import io.fulcrum.vrrp.runtime.GroupChanges.Change;
import io.fulcrum.vrrp.runtime.GroupChanges.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Carries out a {@link ReloadPlan} on the router thread: first stops what goes (the removed groups and the
 * old half of each restart: their addresses, VRIDs and virtual MAC links are free then), then keeps and
 * updates in place, then starts the new groups and the new half of each restart, and closes the channels
 * no group uses. A group whose virtual MAC link or channel cannot be set up is started held in FAULT; its
 * change says so.
 */
final class ReloadExecutor {
    private static final System.Logger LOG = System.getLogger(ReloadExecutor.class.getName());

    private final Groups groups;
    private final Channels channels;
    private final MachineDriver driver;
    private final GroupSetup setup;
    private final LinkStates links;
    private final Tracking tracking;

    ReloadExecutor(
            Groups groups,
            Channels channels,
            MachineDriver driver,
            GroupSetup setup,
            LinkStates links,
            Tracking tracking) {
        this.groups = groups;
        this.channels = channels;
        this.driver = driver;
        this.setup = setup;
        this.links = links;
        this.tracking = tracking;
    }

    /** Carries {@code plan} out; returns each group's change, as it turned out. */
    List<Change> carryOut(ReloadPlan plan, long now) {
        List<Change> changes = new ArrayList<>(plan.changes());
        for (ReloadPlan.Step s : plan.steps()) {
            if (s.kind() == Kind.REMOVED || s.kind() == Kind.RESTART) stop(groups.byName(s.group()), s.kind(), now);
        }
        for (ReloadPlan.Step s : plan.steps()) {
            if (s.kind() == Kind.UNCHANGED)
                groups.byName(s.group()).keep(s.change().after());
            else if (s.kind() == Kind.UPDATED) update(groups.byName(s.group()), s.instance(), now);
        }
        for (int k = 0; k < changes.size(); k++) {
            Change c = changes.get(k);
            if (c.kind() != Kind.ADDED && c.kind() != Kind.RESTART) continue;
            GroupState g = start(plan.steps().get(k).instance(), now);
            // started, but its virtual MAC link or channel is not usable: said in its change, not only in its state
            if (g.setupFault() != null)
                changes.set(
                        k,
                        new Change(
                                c.group(),
                                c.kind(),
                                c.before(),
                                c.after(),
                                c.reason() + "; held in FAULT: " + g.setupFault()));
        }
        channels.closeUnused(groups.channelKeys());
        for (Change c : changes) {
            GroupState g = groups.find(c.group());
            String fault = c.kind() == Kind.ADDED && g != null && g.setupFault() != null
                    ? "; held in FAULT: " + g.setupFault()
                    : "";
            if (c.kind() != Kind.UNCHANGED) LOG.log(INFO, c.group() + ": " + GroupChanges.describe(c) + fault);
        }
        long kept = changes.stream().filter(c -> c.kind() == Kind.UNCHANGED).count();
        if (kept > 0) LOG.log(INFO, "reload: " + kept + " group(s) unchanged, running on untouched");
        return List.copyOf(changes);
    }

    /** Graceful stop of one group: priority 0 from a master, addresses given back, STOP hook, sync daemon stopped; its virtual MAC link goes. */
    private void stop(GroupState g, Kind kind, long now) {
        driver.remove(g, now);
        tracking.remove(g.machine());
        groups.remove(g, kind == Kind.REMOVED);
        setup.removeVmac(g);
    }

    /** Changes one group in place, keeping its state: its machine, its scripts, the links it looks at. */
    private void update(GroupState g, ReloadPlan.Instance next, long now) {
        warnings(next);
        LOG.log(
                INFO,
                g.name() + ": changing in place, keeping its state "
                        + g.machine().state());
        g.changeTo(next.group());
        driver.reconfigure(g, next.config(), now);
        tracking.update(g.machine(), next.group(), now, (m, e) -> driver.handle(m, e, now));
        links.tell(g, now);
    }

    /** Starts one group: virtual MAC link, channel, links, tracking (what its predecessor was told), then its startup. */
    GroupState start(ReloadPlan.Instance instance, long now) {
        warnings(instance);
        GroupState g = new GroupState(instance);
        groups.add(g);
        driver.add(g);
        // a failure holds this group in FAULT; the others go on
        if (g.vmac() == null || setup.setUpVmac(g, now)) setup.setUpChannel(g, now);
        links.tell(g, now);
        tracking.add(g.machine(), g.group(), now);
        BiConsumer<VrrpMachine, Event> handle = (m, e) -> driver.handle(m, e, now);
        tracking.initial(g.machine(), handle);
        tracking.replay(g.name(), g.machine(), handle);
        driver.handle(g, new Event.Startup(), now);
        return g;
    }

    static void warnings(ReloadPlan.Instance instance) {
        instance.config()
                .warnings()
                .forEach(w -> LOG.log(WARNING, "vrrp group " + instance.group().name() + ": " + w));
    }
}
