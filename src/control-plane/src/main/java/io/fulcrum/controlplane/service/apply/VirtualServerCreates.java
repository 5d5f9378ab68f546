package io.fulcrum.controlplane.service.apply;

import io.fulcrum.controlplane.service.apply.ApplySteps.PutVirtualServer;
import io.fulcrum.controlplane.service.read.ModelReads;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.service.rules.Rows;
import io.fulcrum.controlplane.store.DirectorRow;
import io.fulcrum.controlplane.store.DirectorStore;
import io.fulcrum.controlplane.store.RealServerStore;
import io.fulcrum.controlplane.store.VirtualServerStore;
import io.fulcrum.controlplane.store.VrrpGroupRow;
import io.fulcrum.controlplane.store.VrrpGroupStore;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The virtual servers an apply creates, written a thousand at a time: per thousand one statement for
 * the virtual servers (with their revisions, audit records and the NOTIFY), one for their directors
 * and one for their real servers, where the rules ({@code VirtualServerRules.put}) take about twenty
 * round trips per virtual server. The rows, revisions (one per virtual server, consecutive) and audit
 * records (tied to the apply) are those the rules would write.
 *
 * <p>It writes only what needs none of the rules' checks beyond those the plan already made on the
 * same locked state: a virtual server whose directors and VRRP group are stored by now (they may come
 * earlier in the same apply) and fit it, and whose service no stored virtual server is (checked in the
 * statement). A new virtual server has no stored real servers and no VRRP group can track it yet (a
 * group's tracked virtual servers must exist). The others are returned: {@link ConfigApply} writes them
 * one by one through the rules, which write them or say why not.
 */
@ApplicationScoped
public class VirtualServerCreates {
    /** Virtual servers per statement: their real servers' arrays stay a few MB. */
    static final int CHUNK = 1000;

    @Inject
    VirtualServerStore virtualServers;

    @Inject
    RealServerStore realServers;

    @Inject
    DirectorStore directors;

    @Inject
    VrrpGroupStore groups;

    @Inject
    ModelReads reads;

    @Inject
    Revisions revisions;

    /** Writes what it can of {@code creates}; the rest, in their order, to write one by one. */
    public List<PutVirtualServer> create(List<PutVirtualServer> creates, String actor) {
        Map<String, Long> directorIds = new HashMap<>();
        for (DirectorRow d : directors.all()) directorIds.put(d.name, d.id);
        Map<String, Optional<VrrpGroupRow>> groupRows = new HashMap<>();
        Map<String, VrrpGroup> groupValues = new HashMap<>();
        List<PutVirtualServer> left = new ArrayList<>();
        List<PutVirtualServer> ready = new ArrayList<>();
        for (PutVirtualServer p : creates) {
            VirtualServer v = p.virtualServer();
            VrrpGroupRow g = v.vrrpGroup() == null
                    ? null
                    : groupRows
                            .computeIfAbsent(v.vrrpGroup(), n -> Optional.ofNullable(groups.find(n)))
                            .orElse(null);
            VrrpGroup group = g == null
                    ? null
                    : groupValues.computeIfAbsent(g.name, n -> reads.stored(g).value());
            List<FieldError> errors = new ArrayList<>();
            Validator.checkReferences(v, group, g != null, directorIds.keySet(), "", errors);
            (errors.isEmpty() ? ready : left).add(p);
        }
        boolean written = false;
        for (int from = 0; from < ready.size(); from += CHUNK) {
            List<PutVirtualServer> chunk = ready.subList(from, Math.min(ready.size(), from + CHUNK));
            List<PutVirtualServer> taken = write(chunk, directorIds, groupRows, actor);
            written |= taken.size() < chunk.size();
            left.addAll(taken);
        }
        if (written) revisions.invalidateOnCommit();
        return left;
    }

    /** Writes one chunk; those whose service a stored virtual server is, not written. */
    private List<PutVirtualServer> write(
            List<PutVirtualServer> chunk,
            Map<String, Long> directorIds,
            Map<String, Optional<VrrpGroupRow>> groupRows,
            String actor) {
        int n = chunk.size();
        String[] names = new String[n], addresses = new String[n], protocols = new String[n];
        String[] specs = new String[n], afters = new String[n];
        Short[] families = new Short[n];
        Integer[] ports = new Integer[n];
        Long[] fwmarks = new Long[n], groupIds = new Long[n];
        for (int i = 0; i < n; i++) {
            VirtualServer v = chunk.get(i).virtualServer();
            names[i] = v.name();
            families[i] = Rows.family(v.service().family());
            if (v.service() instanceof VirtualServer.InetService s) {
                addresses[i] = Addresses.format(s.address());
                ports[i] = s.port();
                protocols[i] = s.protocol().name().toLowerCase();
            } else {
                fwmarks[i] = ((VirtualServer.FwmarkService) v.service()).fwmark();
            }
            groupIds[i] =
                    v.vrrpGroup() == null ? null : groupRows.get(v.vrrpGroup()).orElseThrow().id;
            specs[i] = DocumentCodec.encode(v, false).toString();
            afters[i] = DocumentCodec.encode(v, true).toString();
        }
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<VirtualServerStore.Created> created = virtualServers.createAll(new VirtualServerStore.Creates(
                names, families, addresses, ports, protocols, fwmarks, groupIds, specs, afters, at, actor));

        boolean[] done = new boolean[n];
        List<Long> linkVs = new ArrayList<>(), linkDirector = new ArrayList<>();
        List<Long> rsVs = new ArrayList<>(), rsRevision = new ArrayList<>();
        List<Short> rsFamily = new ArrayList<>();
        List<String> rsName = new ArrayList<>(), rsAddress = new ArrayList<>(), rsSpec = new ArrayList<>();
        List<Integer> rsPort = new ArrayList<>();
        for (VirtualServerStore.Created c : created) {
            done[c.index()] = true;
            VirtualServer v = chunk.get(c.index()).virtualServer();
            for (String d : v.directors()) {
                linkVs.add(c.id());
                linkDirector.add(directorIds.get(d));
            }
            for (RealServer r : v.realServers()) {
                rsVs.add(c.id());
                rsFamily.add(Rows.family(r.family()));
                rsName.add(r.name());
                rsAddress.add(Addresses.format(r.address()));
                rsPort.add(Validator.effectivePort(v, r));
                rsSpec.add(DocumentCodec.encode(r).toString());
                rsRevision.add(c.revision());
            }
        }
        virtualServers.linkAll(linkVs.toArray(Long[]::new), linkDirector.toArray(Long[]::new));
        realServers.insertAll(new RealServerStore.Inserts(
                rsVs.toArray(Long[]::new),
                rsFamily.toArray(Short[]::new),
                rsName.toArray(String[]::new),
                rsAddress.toArray(String[]::new),
                rsPort.toArray(Integer[]::new),
                rsSpec.toArray(String[]::new),
                rsRevision.toArray(Long[]::new),
                at));
        List<PutVirtualServer> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) if (!done[i]) taken.add(chunk.get(i));
        return taken;
    }
}
