package io.fulcrum.vrrp.runtime;

import java.util.ArrayList;
import java.util.List;

/** Configuration documents for the integration tests, one VRRP group VI_1 (vrid 51, VIP 10.1.1.166/32 on eth0). */
final class Docs {
    private Docs() {}

    record Member(int director, int priority, String initialState) {}

    static Member member(int director, int priority) {
        return new Member(director, priority, "backup");
    }

    static Member master(int director, int priority) {
        return new Member(director, priority, "master");
    }

    /**
     * @param extra more group fields as JSON (e.g. {@code "preempt": false}), or ""
     */
    static String group(int version, double advertSeconds, String extra, Member... members) {
        List<String> ds = new ArrayList<>();
        List<String> ms = new ArrayList<>();
        for (Member m : members) {
            ds.add("{\"name\":\"d" + m.director() + "\",\"managementAddress\":\"" + Lab.address(m.director()) + "\"}");
            ms.add("{\"director\":\"d" + m.director() + "\",\"priority\":" + m.priority() + ",\"initialState\":\""
                    + m.initialState() + "\"}");
        }
        String auth = version == 2 ? ",\"authentication\":{\"type\":\"pass\",\"password\":\"1111\"}" : "";
        return "{\"apiVersion\":\"fulcrum/v1\",\"directors\":[" + String.join(",", ds) + "],\"vrrpGroups\":[{"
                + "\"name\":\"VI_1\",\"vrid\":51,\"interface\":\"eth0\",\"version\":" + version
                + ",\"advertIntervalSeconds\":" + advertSeconds
                + auth + ",\"virtualAddresses\":[{\"address\":\"" + Lab.VIP + "/32\"}],\"members\":["
                + String.join(",", ms) + "]"
                + (extra.isEmpty() ? "" : "," + extra) + "}]}";
    }

    /**
     * A document of several groups ({@link #vrrpGroup}) with directors d1..dN.
     */
    static String doc(int directors, String... groups) {
        List<String> ds = new ArrayList<>();
        for (int i = 1; i <= directors; i++)
            ds.add("{\"name\":\"d" + i + "\",\"managementAddress\":\"" + Lab.address(i) + "\"}");
        return "{\"apiVersion\":\"fulcrum/v1\",\"directors\":[" + String.join(",", ds) + "],\"vrrpGroups\":["
                + String.join(",", groups) + "]}";
    }

    /**
     * One group on eth0 (v2 with PASS 1111, or v3) of {@code doc}, its virtual addresses /32 each.
     *
     * @param extra more group fields as JSON, or ""
     */
    static String vrrpGroup(
            String name,
            int vrid,
            int version,
            double advertSeconds,
            List<String> vips,
            String extra,
            Member... members) {
        List<String> ms = new ArrayList<>();
        for (Member m : members) {
            ms.add("{\"director\":\"d" + m.director() + "\",\"priority\":" + m.priority() + ",\"initialState\":\""
                    + m.initialState() + "\"}");
        }
        List<String> vs =
                vips.stream().map(v -> "{\"address\":\"" + v + "/32\"}").toList();
        String auth = version == 2 ? ",\"authentication\":{\"type\":\"pass\",\"password\":\"1111\"}" : "";
        return "{\"name\":\"" + name + "\",\"vrid\":" + vrid + ",\"interface\":\"eth0\",\"version\":" + version
                + ",\"advertIntervalSeconds\":" + advertSeconds + auth + ",\"virtualAddresses\":["
                + String.join(",", vs) + "],\"members\":["
                + String.join(",", ms) + "]" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** A keepalived vrrp_instance like the seeds' (seed 000): auth PASS 1111, advert_int 1, VIP 10.1.1.166. */
    static String keepalived(String state, int priority, boolean nopreempt) {
        return """
                global_defs {
                  router_id fulcrum_it
                }
                vrrp_instance VI_1 {
                  state %s
                  interface eth0
                  virtual_router_id 51
                  priority %d
                  advert_int 1
                  %s
                  authentication {
                    auth_type PASS
                    auth_pass 1111
                  }
                  virtual_ipaddress {
                    10.1.1.166
                  }
                }
                """.formatted(state, priority, nopreempt ? "nopreempt" : "");
    }
}
