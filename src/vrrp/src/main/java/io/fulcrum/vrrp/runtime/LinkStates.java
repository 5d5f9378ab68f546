package io.fulcrum.vrrp.runtime;

import static java.lang.System.Logger.Level.INFO;

import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.vrrp.machine.Event;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of the links the groups look at (their interfaces, the tracked ones, their virtual MAC links),
 * from the host's link notifications (no polling), told to the machines as {@link Event.LinkChanged}.
 * A group's virtual MAC link that went holds the group in FAULT; a group held in FAULT by its setup is set
 * up again when its interface comes up. Router thread only.
 */
final class LinkStates {
    private static final System.Logger LOG = System.getLogger(LinkStates.class.getName());

    private final Host host;
    private final Groups groups;
    private final MachineDriver driver;
    private final GroupSetup setup;
    /** By name, whether each link is up (and running), as last read or reported. */
    private final Map<String, Boolean> links = new LinkedHashMap<>();

    LinkStates(Host host, Groups groups, MachineDriver driver, GroupSetup setup) {
        this.host = host;
        this.groups = groups;
        this.driver = driver;
        this.setup = setup;
    }

    /** At start (after the link watch started): asks the host for each link's state. */
    void readAll(long now) {
        for (String name : groups.linkNames()) change(name, upNow(name), now, false);
    }

    /** Tells {@code g} the state of each link it looks at, reading those not known yet. */
    void tell(GroupState g, long now) {
        Set<String> names = new LinkedHashSet<>();
        names.add(g.machine().config().iface());
        g.machine().config().trackInterfaces().forEach(t -> names.add(t.iface()));
        for (String name : names) {
            Boolean known = links.get(name);
            if (known != null) {
                driver.handle(g, new Event.LinkChanged(name, known), now);
                continue;
            }
            change(name, upNow(name), now, false);
        }
    }

    /**
     * A report of the host's link watch: the links it names, and, when complete, the absence of the others.
     * A group's virtual MAC link that went holds the group in FAULT (before its interface's news can let it
     * out); it is created again at once when the interface is up, else when it comes up (keepalived does the same).
     */
    void apply(Host.LinkReport report, long now) {
        Set<GroupState> vmacWent = new HashSet<>();
        for (GroupState g : List.copyOf(groups.all())) {
            String vmac = g.vmac();
            if (vmac == null || g.setupFault() != null) continue;
            Boolean up = report.links().get(vmac);
            if (up == null && report.complete()) up = false;
            // down is not gone: its interface is down (that one's FAULT), or the report is older than the link (just
            // created)
            if (up == null || up || setup.linkExists(vmac)) continue;
            setup.vmacGone(g, now);
            vmacWent.add(g);
        }
        Map<String, Boolean> before = new HashMap<>(links);
        for (String name : groups.linkNames()) {
            Boolean up = report.links().get(name);
            if (up == null && report.complete()) up = false; // not among all the links there are: gone
            if (up != null) change(name, up, now, true);
        }
        for (GroupState g : List.copyOf(groups.all())) {
            if (g.setupFault() == null || !groups.all().contains(g)) continue;
            String iface = g.group().iface();
            boolean upNow = Boolean.TRUE.equals(links.get(iface));
            if (upNow && (vmacWent.contains(g) || !Boolean.TRUE.equals(before.get(iface)))) setup.setUpAgain(g, now);
        }
    }

    /** The host's answer for {@code name}: up, or down when it is down, gone or cannot be read. */
    private boolean upNow(String name) {
        try {
            return host.linkUp(name);
        } catch (NetlinkException e) {
            return false;
        }
    }

    private void change(String name, boolean up, long now, boolean announce) {
        Boolean before = links.put(name, up);
        if (before == null ? !up || !announce : before != up) {
            if (announce || !up) LOG.log(INFO, "interface " + name + (up ? " is up" : " is down"));
            driver.broadcast(new Event.LinkChanged(name, up), now);
        }
    }
}
