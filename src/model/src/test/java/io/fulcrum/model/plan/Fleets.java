package io.fulcrum.model.plan;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.Director;
import io.fulcrum.model.Enums;
import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Secret;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Large fleets built in memory, fresh objects on every call: 20 directors, one VRRP group (VRID,
 * two members, ten addresses) per hundred virtual servers, ten ports per address, {@code reals}
 * real servers each. Virtual server n is "vs-n" in group "g-(n/100)".
 */
final class Fleets {
    private Fleets() {}

    static final int DIRECTORS = 20;

    static ConfigDocument fleet(int virtualServers, int reals, Long revision, boolean withSecrets) {
        List<Director> directors = new ArrayList<>();
        for (int d = 0; d < DIRECTORS; d++)
            directors.add(new Director(director(d), ip("10.0.0." + (d + 1)), null, Map.of()));
        List<VrrpGroup> groups = new ArrayList<>();
        int groupCount = (virtualServers + 99) / 100;
        for (int g = 0; g < groupCount; g++) groups.add(group(g, withSecrets));
        List<VirtualServer> vss = new ArrayList<>(virtualServers);
        for (int n = 0; n < virtualServers; n++) vss.add(virtualServer(n, reals));
        return new ConfigDocument(revision, directors, groups, vss);
    }

    static String director(int d) {
        return "lb" + (d < 10 ? "0" : "") + d;
    }

    /** The two members of group g. */
    static List<String> members(int g) {
        return List.of(director(2 * (g % 10)), director(2 * (g % 10) + 1));
    }

    static VrrpGroup group(int g, boolean withSecrets) {
        List<VrrpGroup.VirtualAddress> vips = new ArrayList<>();
        for (int a = 0; a < 10; a++) vips.add(new VrrpGroup.VirtualAddress(new IpPrefix(vip(g, a), 16), null, null));
        List<String> m = members(g);
        return new VrrpGroup(
                "g-" + g,
                null,
                Map.of("team", "t" + (g % 4)),
                g % 255 + 1,
                "eth" + g / 255,
                2,
                Defaults.ADVERT_INTERVAL,
                vips,
                List.of(
                        new VrrpGroup.Member(m.get(0), 150, Defaults.INITIAL_STATE, null),
                        new VrrpGroup.Member(m.get(1), 100, Defaults.INITIAL_STATE, null)),
                Defaults.PREEMPT,
                Defaults.PREEMPT_DELAY,
                new VrrpGroup.Authentication(Enums.AuthType.PASS, withSecrets ? new Secret("pw" + g) : null),
                false,
                null,
                List.of(),
                List.of(),
                Defaults.GARP,
                null,
                false,
                null,
                List.of());
    }

    static VirtualServer virtualServer(int n, int reals) {
        int g = n / 100, a = (n % 100) / 10, port = 8000 + n % 10;
        List<RealServer> rs = new ArrayList<>(reals);
        for (int r = 0; r < reals; r++) rs.add(realServer(n, r, Defaults.WEIGHT));
        return new VirtualServer(
                "vs-" + n,
                null,
                Map.of("team", "t" + (g % 4)),
                new VirtualServer.InetService(vip(g, a), port, Enums.Protocol.TCP),
                Defaults.SCHEDULER,
                Set.of(),
                Defaults.FORWARDING,
                null,
                null,
                false,
                null,
                null,
                Defaults.QUORUM,
                Defaults.HYSTERESIS,
                null,
                null,
                false,
                "g-" + g,
                List.of(),
                rs);
    }

    static RealServer realServer(int n, int r, int weight) {
        return new RealServer(
                "rs-" + r,
                null,
                Map.of(),
                ip("10." + (100 + n / 65536) + "." + (n / 256 % 256) + "." + (n % 256)),
                9000 + r,
                weight,
                0,
                0,
                null,
                null,
                false,
                Defaults.ADMIN_STATE,
                null,
                null);
    }

    static InetAddress vip(int g, int a) {
        return ip("172." + (16 + g / 256) + "." + (g % 256) + "." + (a + 1));
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByAddress(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** {@code doc} with virtual server {@code n}'s list replaced. */
    static ConfigDocument withVirtualServer(ConfigDocument doc, int n, VirtualServer v) {
        List<VirtualServer> vss = new ArrayList<>(doc.virtualServers());
        vss.set(n, v);
        return new ConfigDocument(doc.revision(), doc.directors(), doc.vrrpGroups(), vss);
    }
}
