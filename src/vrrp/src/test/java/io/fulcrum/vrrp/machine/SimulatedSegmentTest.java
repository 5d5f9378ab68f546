package io.fulcrum.vrrp.machine;

import static io.fulcrum.vrrp.machine.Fixtures.MS;
import static io.fulcrum.vrrp.machine.Fixtures.S;
import static io.fulcrum.vrrp.machine.Fixtures.cfg;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.vrrp.packet.AdvertCodec;
import io.fulcrum.vrrp.packet.Advertisement;
import io.fulcrum.vrrp.packet.Decoded;
import io.fulcrum.vrrp.packet.Vrrp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * Several routers on one simulated segment: every advert goes through the codec (encode, then decode
 * with TTL 255) and reaches the others 1 ms later. A fake clock; whole elections in microseconds.
 */
class SimulatedSegmentTest {

    record Delivery(long at, long seq, String to, byte[] bytes, String from) {}

    final Map<String, VrrpMachine> routers = new LinkedHashMap<>();
    final Map<String, Boolean> connected = new LinkedHashMap<>();
    final PriorityQueue<Delivery> wire =
            new PriorityQueue<>((x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
    final List<String> transitions = new ArrayList<>();
    long now;
    long seq;

    void add(String address, Fixtures.Cfg c) {
        VrrpMachine m = c.source(address).machine();
        routers.put(address, m);
        connected.put(address, true);
        apply(address, m.handle(new Event.Startup(), now));
    }

    void apply(String address, List<Action> actions) {
        VrrpMachine m = routers.get(address);
        for (Action a : actions) {
            if (a instanceof Action.SendAdvert s && connected.get(address)) {
                InstanceConfig c = m.config();
                Advertisement ad = c.version() == 2
                        ? Advertisement.v2(
                                c.vrid(), s.priority(), c.intervalUnits(), c.virtualAddresses(), c.authData())
                        : Advertisement.v3(c.vrid(), s.priority(), c.intervalUnits(), c.virtualAddresses());
                byte[] bytes = AdvertCodec.encode(ad, c.primaryAddress(), Vrrp.GROUP_V4);
                for (String other : routers.keySet()) {
                    if (!other.equals(address)) wire.add(new Delivery(now + MS, seq++, other, bytes, address));
                }
            }
            if (a instanceof Action.Transition t) transitions.add(address + " " + t.from() + "->" + t.to());
        }
    }

    /** Runs the segment until {@code until}: deliveries and timers in time order. */
    void runUntil(long until) {
        while (true) {
            long timer = Long.MAX_VALUE;
            String due = null;
            for (var e : routers.entrySet()) {
                if (e.getValue().nextDeadline() < timer) {
                    timer = e.getValue().nextDeadline();
                    due = e.getKey();
                }
            }
            Delivery d = wire.peek();
            long next = Math.min(timer, d == null ? Long.MAX_VALUE : d.at);
            if (next > until) {
                now = until;
                return;
            }
            now = next;
            if (d != null && d.at == next) {
                wire.poll();
                if (!connected.get(d.to) || !connected.get(d.from)) continue;
                Decoded r = AdvertCodec.decode(d.bytes, 0, d.bytes.length, Fixtures.ip(d.from), Vrrp.GROUP_V4, 255);
                Decoded.Valid v = (Decoded.Valid) r;
                apply(d.to, routers.get(d.to).handle(new Event.AdvertReceived(v.source(), v.advert()), now));
            } else {
                apply(due, routers.get(due).handle(new Event.Tick(), now));
            }
        }
    }

    List<String> masters() {
        return routers.entrySet().stream()
                .filter(e -> e.getValue().state() == State.MASTER)
                .map(Map.Entry::getKey)
                .toList();
    }

    @Test
    void threeRoutersElectTheHighestPriority() {
        add("10.1.1.1", cfg().priority(100));
        add("10.1.1.2", cfg().priority(150));
        add("10.1.1.3", cfg().priority(50));

        runUntil(10 * S);

        assertThat(masters()).containsExactly("10.1.1.2");
    }

    @Test
    void killingTheMasterHandsTheAddressesToTheNextWithinTheMasterDownInterval() {
        add("10.1.1.1", cfg().priority(100));
        add("10.1.1.2", cfg().priority(150));
        add("10.1.1.3", cfg().priority(50));
        runUntil(10 * S);

        long lastAdvert = now; // the master advertised at most 1 s before now
        routers.remove("10.1.1.2");
        long t = lastAdvert;
        while (masters().isEmpty()) runUntil(t += MS);

        assertThat(masters()).containsExactly("10.1.1.1"); // 100 beats 50: its skew is shorter
        assertThat(t - lastAdvert).isLessThanOrEqualTo(Timing.masterDown(2, 100, S) + MS);
        runUntil(t + 10 * S);
        assertThat(masters()).containsExactly("10.1.1.1");
    }

    @Test
    void v3At100MillisecondsFailsOverInUnder400Milliseconds() {
        add("10.1.1.1", cfg().v3(10).priority(100));
        add("10.1.1.2", cfg().v3(10).priority(150));
        runUntil(2 * S);
        assertThat(masters()).containsExactly("10.1.1.2");

        long killed = now;
        routers.remove("10.1.1.2");
        long t = killed;
        while (masters().isEmpty()) runUntil(t += MS);

        assertThat(t - killed)
                .isLessThanOrEqualTo(Timing.masterDown(3, 100, 100 * MS))
                .isLessThan(400 * MS);
    }

    @Test
    void gracefulStopHandsOverWithinSkewTime() {
        add("10.1.1.1", cfg().v3(10).priority(100));
        add("10.1.1.2", cfg().v3(10).priority(150));
        runUntil(2 * S);

        long stopped = now;
        apply("10.1.1.2", routers.get("10.1.1.2").handle(new Event.Shutdown(), now));
        long t = stopped;
        while (!masters().contains("10.1.1.1")) runUntil(t += MS);

        assertThat(t - stopped)
                .isLessThanOrEqualTo(MS + Timing.skew(3, 100, 100 * MS) + MS)
                .isLessThan(100 * MS);
    }

    @Test
    void splitBrainHealsBackToOneMaster() {
        add("10.1.1.1", cfg().priority(100));
        add("10.1.1.2", cfg().priority(150));
        runUntil(10 * S);

        connected.put("10.1.1.2", false); // cut its link: both think they are master
        runUntil(20 * S);
        assertThat(masters()).containsExactlyInAnyOrder("10.1.1.1", "10.1.1.2");

        connected.put("10.1.1.2", true);
        runUntil(23 * S);
        assertThat(masters()).containsExactly("10.1.1.2");
    }

    @Test
    void equalPrioritiesElectTheHigherAddress() {
        add("10.1.1.1", cfg().priority(100));
        add("10.1.1.9", cfg().priority(100));
        add("10.1.1.5", cfg().priority(100));

        runUntil(10 * S);

        assertThat(masters()).containsExactly("10.1.1.9");
    }
}
