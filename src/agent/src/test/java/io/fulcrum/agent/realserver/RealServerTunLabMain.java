package io.fulcrum.agent.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kernellab.Checks;
import io.fulcrum.model.Enums.Forwarding;
import io.fulcrum.netlink.route.RouteClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs inside the kernel lab (Debian's kernel, ipip as a module that is not loaded at boot): the TUN
 * real-server role gets tunl0 by asking rtnetlink for an ipip link, which loads the module.
 */
public final class RealServerTunLabMain {
    private RealServerTunLabMain() {}

    static String ip(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    public static void main(String[] args) throws Exception {
        Checks checks = new Checks();
        ProcSysctl sysctl = new ProcSysctl();
        try (NetlinkHostNetwork network = NetlinkHostNetwork.open();
                RouteClient route = RouteClient.open()) {
            RealServerRole role = new RealServerRole(
                    Forwarding.TUN,
                    List.of(InetAddress.getByName("10.99.9.10"), InetAddress.getByName("10.99.9.11")),
                    network,
                    sysctl);
            String[] defaultRpFilter = new String[1];

            checks.run(
                    "tunl0_absent_before",
                    () -> assertThat(route.findLink("tunl0")).isEmpty());
            checks.run("rp_filter_strict_before", () -> {
                sysctl.write("net.ipv4.conf.all.rp_filter", "1");
                defaultRpFilter[0] = sysctl.read("net.ipv4.conf.default.rp_filter");
            });
            checks.run("start", role::start);
            checks.run("tunl0_from_ipip_autoload_up", () -> {
                assertThat(route.link("tunl0").up()).isTrue();
                assertThat(ip("-d", "link", "show", "tunl0")).contains("ipip");
                System.out.println("    " + role.changes());
            });
            checks.run(
                    "vips_on_tunl0",
                    () -> assertThat(ip("-o", "addr", "show", "dev", "tunl0"))
                            .contains(
                                    "inet 10.99.9.10/32 scope global tunl0", "inet 10.99.9.11/32 scope global tunl0"));
            checks.run("rp_filter_off", () -> {
                assertThat(sysctl.read("net.ipv4.conf.tunl0.rp_filter")).isEqualTo("0");
                assertThat(sysctl.read("net.ipv4.conf.all.rp_filter")).isEqualTo("0");
            });
            checks.run("start_twice_is_idempotent", () -> {
                List<RealServerRole.Change> before = role.changes();
                role.start();
                assertThat(role.changes()).isEqualTo(before);
                assertThat(ip("-o", "addr", "show", "dev", "tunl0").split("10\\.99\\.9\\.10/", -1))
                        .hasSize(2);
            });
            checks.run("stop", role::stop);
            checks.run("stop_removed_vips_and_took_tunl0_down", () -> {
                assertThat(ip("-o", "addr", "show", "dev", "tunl0")).doesNotContain("10.99.9.");
                assertThat(route.link("tunl0").up()).isFalse();
                assertThat(role.changes()).isEmpty();
            });
            checks.run("stop_restored_rp_filter", () -> {
                assertThat(sysctl.read("net.ipv4.conf.all.rp_filter")).isEqualTo("1");
                assertThat(sysctl.read("net.ipv4.conf.tunl0.rp_filter")).isEqualTo(defaultRpFilter[0]);
            });
        }
        checks.exit();
    }
}
