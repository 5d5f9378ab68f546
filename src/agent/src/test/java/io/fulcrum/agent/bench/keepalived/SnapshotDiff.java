package io.fulcrum.agent.bench.keepalived;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What differs between two pictures of the kernel's table: services and destinations gone, added, and
 * weights changed ("service dest" strings, in the first picture's order).
 */
public record SnapshotDiff(
        List<String> servicesRemoved,
        List<String> servicesAdded,
        List<String> destinationsRemoved,
        List<String> destinationsAdded,
        List<String> weightsChanged) {

    public static SnapshotDiff between(Snapshot before, Snapshot after) {
        List<String> sr = new ArrayList<>();
        List<String> sa = new ArrayList<>();
        List<String> dr = new ArrayList<>();
        List<String> da = new ArrayList<>();
        List<String> wc = new ArrayList<>();
        for (var e : before.services().entrySet()) {
            Map<String, Integer> now = after.services().get(e.getKey());
            if (now == null) {
                sr.add(e.getKey());
                for (String d : e.getValue().keySet()) dr.add(e.getKey() + " " + d);
                continue;
            }
            for (var d : e.getValue().entrySet()) {
                Integer w = now.get(d.getKey());
                if (w == null) dr.add(e.getKey() + " " + d.getKey());
                else if (!w.equals(d.getValue())) wc.add(e.getKey() + " " + d.getKey());
            }
            for (String d : now.keySet()) if (!e.getValue().containsKey(d)) da.add(e.getKey() + " " + d);
        }
        for (var e : after.services().entrySet()) {
            if (before.services().containsKey(e.getKey())) continue;
            sa.add(e.getKey());
            for (String d : e.getValue().keySet()) da.add(e.getKey() + " " + d);
        }
        return new SnapshotDiff(List.copyOf(sr), List.copyOf(sa), List.copyOf(dr), List.copyOf(da), List.copyOf(wc));
    }

    public boolean isEmpty() {
        return servicesRemoved.isEmpty()
                && servicesAdded.isEmpty()
                && destinationsRemoved.isEmpty()
                && destinationsAdded.isEmpty()
                && weightsChanged.isEmpty();
    }
}
