package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.run.Touched;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.agent.DesiredDocuments;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.agent.DesiredStates.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The received state, one resource at a time, against the whole-state functions it stands for: after
 * every message of random streams over random documents (valid and not: colliding services, missing
 * references, real servers without their virtual server, bodies that do not decode, a tracked virtual
 * server removed), the same resources and digest as {@link DesiredStates#apply} and {@link
 * DesiredStates#digest}, and the same document or the same refusal as {@link DesiredDocuments#document}.
 */
class ReceivedStateTest {
    static final String BASE = """
            apiVersion: fulcrum/v1
            directors:
              - {name: lb1, managementAddress: 10.0.0.1}
              - {name: lb2, managementAddress: 10.0.0.2}
            vrrpGroups:
              - name: G
                vrid: 9
                interface: eth0
                virtualAddresses: [{address: 192.168.10.1}, {address: 192.168.10.2}]
                members: [{director: lb1, priority: 100}]
                trackVirtualServers: [{virtualServer: vs1, weight: -10}]
            virtualServers:
            """;

    /** A document of {@code n} virtual servers: the first two in group G, the others named by directors. */
    static String document(int n, int reals) {
        StringBuilder y = new StringBuilder(BASE);
        for (int i = 0; i < n; i++) {
            y.append("  - name: vs").append(i).append('\n');
            y.append("    address: 192.168.10.").append(i + 1).append('\n');
            y.append("    port: 80\n    scheduler: wrr\n    forwarding: dr\n");
            if (i < 2) y.append("    vrrpGroup: G\n");
            else y.append("    directors: [lb1]\n");
            y.append("    realServers:\n");
            for (int r = 0; r < reals; r++)
                y.append("      - {name: r")
                        .append(r)
                        .append(", address: 10.1.")
                        .append(i)
                        .append('.')
                        .append(r + 1)
                        .append(", weight: ")
                        .append(r + 1)
                        .append("}\n");
        }
        return y.toString();
    }

    static SortedMap<Key, Resource> resources(String yaml) {
        return DesiredStates.resources(DocumentCodec.decodeDocument(DocumentCodec.parse(yaml), false));
    }

    @Test
    void everyRandomStreamGivesWhatTheWholeStateGives() {
        Random random = new Random(7);
        int accepted = 0;
        int refused = 0;
        for (int stream = 0; stream < 40; stream++) {
            SortedMap<Key, Resource> held = new TreeMap<>();
            SortedMap<Key, Resource> inForce = new TreeMap<>();
            ReceivedState state = new ReceivedState();
            SortedMap<Key, Resource> current = resources(document(4 + random.nextInt(4), 1 + random.nextInt(3)));
            long revision = 1;
            DesiredState first = full(revision, current);
            for (int step = 0; step < 30; step++) {
                DesiredState m;
                if (step == 0) m = first;
                else if (random.nextInt(8) == 0) { // a new stream: back to the state in force, then a delta on it
                    state.rollback();
                    held = inForce;
                    assertThat(state.resources()).isEqualTo(held);
                    SortedMap<Key, Resource> next = mutate(held, random);
                    m = delta(++revision, held, next);
                    current = next;
                } else {
                    SortedMap<Key, Resource> next = mutate(current, random);
                    m = random.nextInt(10) == 0 ? full(++revision, next) : delta(++revision, current, next);
                    current = next;
                }
                held = DesiredStates.apply(held, m);
                state.apply(m);
                assertThat(state.resources()).isEqualTo(held);
                assertThat(state.digest()).isEqualTo(DesiredStates.digest(held));
                ConfigDocument expected = null;
                ValidationException refusal = null;
                try {
                    expected = DesiredDocuments.document(held, revision);
                } catch (ValidationException e) {
                    refusal = e;
                }
                if (refusal == null) {
                    accepted++;
                    assertThat(state.document(revision)).isEqualTo(expected);
                    if (random.nextInt(3) > 0) { // in force; else as if the loop refused it
                        state.commit(revision);
                        inForce = held;
                    }
                } else {
                    refused++;
                    long r = revision;
                    assertThatThrownBy(() -> state.document(r))
                            .isInstanceOf(ValidationException.class)
                            .hasMessage(refusal.getMessage());
                }
            }
        }
        assertThat(accepted).as("states accepted").isGreaterThan(200);
        assertThat(refused).as("states refused").isGreaterThan(200);
    }

    @Test
    void aRollbackGoesBackToTheStateInForceAndNamesWhatChangedSince() {
        SortedMap<Key, Resource> one = resources(document(3, 2));
        ReceivedState state = new ReceivedState();
        state.apply(full(1, one));
        state.document(1);
        assertThat(state.touched()).isEqualTo(Touched.ALL); // a full snapshot: the loop takes all
        state.commit(1);

        SortedMap<Key, Resource> two = new TreeMap<>(one);
        two.remove(Key.realServer("vs2", "r1"));
        state.apply(delta(2, one, two));
        ConfigDocument doc = state.document(2);
        assertThat(state.touched())
                .isEqualTo(Touched.of(1, List.of(doc.virtualServers().get(2)), Set.of()));
        ReceivedState.Changes c = state.commit(2);
        assertThat(c.base()).isEqualTo(1);
        assertThat(c.removed()).containsExactly(Key.realServer("vs2", "r1"));
        assertThat(c.put()).isEmpty();

        SortedMap<Key, Resource> three = resources(document(3, 2).replace("weight: 1}", "weight: 9}"));
        state.apply(delta(3, two, three)); // received, then refused: a new stream starts from revision 2
        state.rollback();
        assertThat(state.resources()).isEqualTo(two);
        assertThat(state.digest()).isEqualTo(DesiredStates.digest(two));
        assertThat(state.applied()).isEqualTo(new AppliedState(2, DesiredStates.digest(two), two));
        assertThat(state.document(2)).isEqualTo(DesiredDocuments.document(two, 2));
    }

    static DesiredState full(long revision, SortedMap<Key, Resource> state) {
        return DesiredState.newBuilder()
                .setRevision(revision)
                .setFull(true)
                .setDigest(DesiredStates.digest(state))
                .addAllPut(state.values())
                .build();
    }

    static DesiredState delta(long revision, SortedMap<Key, Resource> before, SortedMap<Key, Resource> after) {
        DesiredState.Builder d = DesiredState.newBuilder().setRevision(revision).setDigest(DesiredStates.digest(after));
        for (Map.Entry<Key, Resource> e : after.entrySet())
            if (!e.getValue().equals(before.get(e.getKey()))) d.addPut(e.getValue());
        for (Key k : before.keySet()) if (!after.containsKey(k)) d.addRemove(DesiredStates.wire(k));
        return d.build();
    }

    /** One random change, valid or not, of the kinds a control plane (or a broken one) could send. */
    static SortedMap<Key, Resource> mutate(SortedMap<Key, Resource> s, Random random) {
        SortedMap<Key, Resource> next = new TreeMap<>(s);
        List<Key> servers = keys(s, io.fulcrum.api.agent.v1.Kind.VIRTUAL_SERVER);
        List<Key> reals = keys(s, io.fulcrum.api.agent.v1.Kind.REAL_SERVER);
        int what = random.nextInt(12);
        if ((servers.isEmpty() || reals.isEmpty()) && what < 10) what = 10;
        switch (what) {
            case 0, 1, 2 -> { // a weight, now and then out of range
                Key k = reals.get(random.nextInt(reals.size()));
                int weight = random.nextInt(8) == 0 ? 70_000 : 1 + random.nextInt(100);
                next.put(k, withRealServer(s.get(k), b -> b.setWeight(weight)));
            }
            case 3 -> next.remove(reals.get(random.nextInt(reals.size())));
            case 4 -> { // a real server more (now and then on the address of another: a collision)
                Key k = reals.get(random.nextInt(reals.size()));
                String name = "n" + random.nextInt(1000);
                String address = random.nextInt(4) == 0
                        ? s.get(k).getRealServer().getAddress()
                        : "10.2.0." + random.nextInt(250);
                Key added = Key.realServer(k.virtualServer(), name);
                next.put(
                        added,
                        withRealServer(s.get(k), b -> b.setName(name).setAddress(address)).toBuilder()
                                .setKey(DesiredStates.wire(added))
                                .build());
            }
            case 5 -> { // a virtual server's address: another's now and then
                Key k = servers.get(random.nextInt(servers.size()));
                Key other = servers.get(random.nextInt(servers.size()));
                String address = random.nextBoolean()
                        ? s.get(other).getVirtualServer().getAddress()
                        : "192.168.20." + random.nextInt(250);
                next.put(k, withServer(s.get(k), b -> b.setAddress(address)));
            }
            case 6 -> { // a virtual server gone, with or without its real servers (vs1 is tracked by G)
                Key k = servers.get(random.nextInt(servers.size()));
                next.remove(k);
                if (random.nextBoolean())
                    next.keySet().removeIf(x -> x.virtualServer().equals(k.name()));
            }
            case 7 -> { // a director that does not exist, or back to lb1
                Key k = servers.get(random.nextInt(servers.size()));
                String d = random.nextBoolean() ? "nope" : "lb1";
                next.put(
                        k,
                        withServer(
                                s.get(k),
                                b -> b.clearVrrpGroup().clearDirectors().addDirectors(d)));
            }
            case 8 -> { // a body that does not match its key
                Key k = reals.get(random.nextInt(reals.size()));
                next.put(k, withRealServer(s.get(k), b -> b.setName("other")));
            }
            case 9 -> { // a new virtual server, a copy of another under a new name (its service collides)
                Key k = servers.get(random.nextInt(servers.size()));
                String name = "copy" + random.nextInt(100);
                Key added = Key.virtualServer(name);
                next.put(
                        added,
                        withServer(s.get(k), b -> b.setName(name)).toBuilder()
                                .setKey(DesiredStates.wire(added))
                                .build());
            }
            case 10 -> { // the group's addresses change: its servers' references break or mend
                Key g = Key.vrrpGroup("G");
                Resource r = s.get(g);
                if (r == null) break;
                var b = r.getVrrpGroup().toBuilder();
                if (b.getVirtualAddressesCount() > 1) b.removeVirtualAddresses(1);
                else b.addVirtualAddresses(b.getVirtualAddresses(0).toBuilder().setAddress("192.168.10.2"));
                next.put(g, r.toBuilder().setVrrpGroup(b).build());
            }
            default -> { // a director gone or back
                Key d = Key.director("lb2");
                if (s.containsKey(d)) next.remove(d);
                else next.put(d, resources(document(2, 1)).get(d));
            }
        }
        return next;
    }

    static List<Key> keys(SortedMap<Key, Resource> s, io.fulcrum.api.agent.v1.Kind kind) {
        List<Key> out = new ArrayList<>();
        for (Key k : s.keySet()) if (k.kind() == kind) out.add(k);
        return out;
    }

    static Resource withRealServer(
            Resource r, java.util.function.Consumer<io.fulcrum.api.v1.RealServer.Builder> change) {
        var b = r.getRealServer().toBuilder();
        change.accept(b);
        return r.toBuilder().setRealServer(b).build();
    }

    static Resource withServer(
            Resource r, java.util.function.Consumer<io.fulcrum.api.v1.VirtualServer.Builder> change) {
        var b = r.getVirtualServer().toBuilder();
        change.accept(b);
        return r.toBuilder().setVirtualServer(b).build();
    }
}
