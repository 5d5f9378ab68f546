package io.fulcrum.vrrp.runtime;

import io.fulcrum.vrrp.machine.Counters;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.machine.VrrpMachine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups the router runs, in the order they started (a restarted one goes to the end), changed on the
 * router thread; and by name, for other threads, each group's state and advertised priority. A group a
 * reload restarts keeps its name there while its old instance stops and its new one starts.
 */
final class Groups {
    private final List<GroupState> running = new ArrayList<>();
    private final Map<String, GroupState> published = new ConcurrentHashMap<>();

    /** The running groups, in order (router thread; a live view: copy it to change the groups while iterating). */
    List<GroupState> all() {
        return Collections.unmodifiableList(running);
    }

    boolean isEmpty() {
        return running.isEmpty();
    }

    void add(GroupState g) {
        running.add(g);
        published.put(g.name(), g);
    }

    /** Takes {@code g} out; {@code forget}: also from what other threads see (removed, not restarted). */
    void remove(GroupState g, boolean forget) {
        running.remove(g);
        if (forget) published.remove(g.name(), g);
    }

    /** The running group of that name, or null. */
    GroupState find(String name) {
        for (GroupState g : running) if (g.name().equals(name)) return g;
        return null;
    }

    GroupState byName(String name) {
        GroupState g = find(name);
        if (g == null) throw new IllegalStateException("no running group " + name);
        return g;
    }

    GroupState byMachine(VrrpMachine m) {
        for (GroupState g : running) if (g.machine() == m) return g;
        throw new IllegalStateException("unknown machine " + m);
    }

    /** The keys of the channels the groups use. */
    Set<String> channelKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (GroupState g : running) keys.add(g.channelKey());
        return keys;
    }

    /** The links the groups look at: their interfaces and the tracked ones. */
    Set<String> linkNames() {
        Set<String> names = new LinkedHashSet<>();
        for (GroupState g : running) {
            names.add(g.group().iface());
            g.group().trackInterfaces().forEach(t -> names.add(t.iface()));
        }
        return names;
    }

    /** Each group's state, by name (any thread). */
    Map<String, State> states() {
        Map<String, State> out = new LinkedHashMap<>();
        published.forEach((name, g) -> out.put(name, g.state()));
        return Map.copyOf(out);
    }

    /** Each group's counters (adverts, become-master, drops) by name (any thread; a restarted group starts at 0). */
    Map<String, Counters> counters() {
        Map<String, Counters> out = new LinkedHashMap<>();
        published.forEach((name, g) -> out.put(name, g.machine().counters()));
        return Map.copyOf(out);
    }

    /** Each group's advertised priority, tracking included, by name (any thread). */
    Map<String, Integer> priorities() {
        Map<String, Integer> out = new LinkedHashMap<>();
        published.forEach((name, g) -> out.put(name, g.priority()));
        return Map.copyOf(out);
    }
}
