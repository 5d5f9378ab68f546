package io.fulcrum.vrrp.machine;

import io.fulcrum.model.Defaults;
import io.fulcrum.model.Enums;
import io.fulcrum.model.Secret;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.packet.Advertisement;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Small builders for the state machine tests. */
final class Fixtures {
    private Fixtures() {}

    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final InetAddress VIP = ip("10.1.1.166");
    static final String PASSWORD = "1111";

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A builder with the seed's values: vrid 51, v2, 1 s, auth PASS 1111, VIP 10.1.1.166, source 10.1.1.160. */
    static final class Cfg {
        String name = "VI_1";
        String iface = "eth0";
        int vrid = 51;
        int version = 2;
        int priority = 100;
        Duration interval = Duration.ofSeconds(1);
        List<InetAddress> vips = List.of(VIP);
        boolean preempt = true;
        Duration preemptDelay = Duration.ZERO;
        Enums.InitialState initial = Enums.InitialState.BACKUP;
        String password = PASSWORD;
        List<VrrpGroup.TrackInterface> track = List.of();
        VrrpGroup.Garp garp = Defaults.GARP;
        String syncGroup;
        VrrpGroup.ConnectionSync connectionSync;
        InetAddress source = ip("10.1.1.160");
        List<InetAddress> peers = List.of();

        Cfg priority(int p) {
            priority = p;
            return this;
        }

        Cfg v3(int centiseconds) {
            version = 3;
            interval = Duration.ofMillis(centiseconds * 10L);
            password = null;
            return this;
        }

        Cfg nopreempt() {
            preempt = false;
            return this;
        }

        Cfg preemptDelay(Duration d) {
            preemptDelay = d;
            return this;
        }

        Cfg initialMaster() {
            initial = Enums.InitialState.MASTER;
            return this;
        }

        Cfg track(String iface, Integer weight) {
            track = List.of(new VrrpGroup.TrackInterface(iface, weight));
            return this;
        }

        Cfg garp(VrrpGroup.Garp g) {
            garp = g;
            return this;
        }

        Cfg sync(String group) {
            syncGroup = group;
            return this;
        }

        Cfg vrid(int v) {
            vrid = v;
            return this;
        }

        Cfg connectionSync() {
            connectionSync = new VrrpGroup.ConnectionSync("eth0", 51);
            return this;
        }

        Cfg source(String s) {
            source = ip(s);
            return this;
        }

        Cfg peers(String... p) {
            peers = Arrays.stream(p).map(Fixtures::ip).toList();
            return this;
        }

        Cfg name(String n) {
            name = n;
            return this;
        }

        InstanceConfig build() {
            return new InstanceConfig(
                    name,
                    iface,
                    vrid,
                    version,
                    priority,
                    interval,
                    vips,
                    preempt,
                    preemptDelay,
                    initial,
                    password == null ? null : new Secret(password),
                    track,
                    garp,
                    syncGroup,
                    connectionSync,
                    source,
                    peers,
                    List.of());
        }

        VrrpMachine machine() {
            return new VrrpMachine(build());
        }
    }

    static Cfg cfg() {
        return new Cfg();
    }

    /** A seed-compatible v2 advert (vrid 51, 1 s, PASS 1111, 10.1.1.166). */
    static Advertisement v2(int priority) {
        return Advertisement.v2(51, priority, 1, List.of(VIP), PASSWORD.getBytes(StandardCharsets.US_ASCII));
    }

    static Advertisement v3(int priority, int centiseconds) {
        return Advertisement.v3(51, priority, centiseconds, List.of(VIP));
    }

    static Event.AdvertReceived from(String source, Advertisement a) {
        return new Event.AdvertReceived(ip(source), a);
    }
}
