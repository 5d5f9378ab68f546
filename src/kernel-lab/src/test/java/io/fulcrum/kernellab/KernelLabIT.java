package io.fulcrum.kernellab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Boots the kernel lab for real. One VM programs IPVS with ipvsadm and carries HTTP traffic through an
 * IPVS NAT service between network namespaces it creates; a second runs a Java main class of this test
 * class path. Neither skips: without qemu, a kernel or a bootable VM they fail.
 */
class KernelLabIT {

    /**
     * client (10.10.0.2) -- lvs namespace: IPVS NAT, VIP 10.10.0.100:80, 10.10.0.1 / 10.20.0.1 --
     * rs1 10.20.0.11, rs2 10.20.0.12 running python3 http.server. Every packet stays inside these four
     * namespaces; the VM's root namespace only holds the ipvsadm service of the first checks.
     */
    static final String IPVS_SCRIPT = """
            set -u
            check modprobe_ip_vs modprobe ip_vs
            check add_service ipvsadm -A -t 10.0.0.1:80 -s rr
            check add_real_server ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 3
            listing=$(ipvsadm -Ln 2>&1); echo "$listing" | sed 's/^/    /'
            if echo "$listing" | grep -Eq '^TCP +10\\.0\\.0\\.1:80 +rr' \\
               && echo "$listing" | grep -Eq -- '-> +10\\.0\\.0\\.2:80 +Masq +3 '; then
              pass listing_shows_service
            else
              fail listing_shows_service
            fi

            # ---- NAT round robin between namespaces ----
            web=/run/fulcrum-lab; mkdir -p $web
            for ns in client lvs rs1 rs2; do ip netns add $ns; ip -n $ns link set lo up; done
            ip -n lvs link add c0 type veth peer name c1 netns client
            ip -n lvs addr add 10.10.0.1/24 dev c0; ip -n lvs link set c0 up
            ip -n lvs addr add 10.10.0.100/32 dev c0
            ip -n client addr add 10.10.0.2/24 dev c1; ip -n client link set c1 up
            ip -n client route add default via 10.10.0.1
            ip -n lvs link add br-rs type bridge; ip -n lvs link set br-rs up
            ip -n lvs addr add 10.20.0.1/24 dev br-rs
            for i in 1 2; do
              ip -n lvs link add r$i type veth peer name e$i netns rs$i
              ip -n lvs link set r$i master br-rs; ip -n lvs link set r$i up
              ip -n rs$i addr add 10.20.0.1$i/24 dev e$i; ip -n rs$i link set e$i up
              ip -n rs$i route add default via 10.20.0.1
              mkdir -p $web/rs$i; echo rs$i > $web/rs$i/index.html
              ip netns exec rs$i /usr/bin/python3 -m http.server 80 --bind 10.20.0.1$i --directory $web/rs$i \\
                >$web/rs$i.log 2>&1 &
            done
            ip netns exec lvs sysctl -qw net.ipv4.ip_forward=1
            check nat_service ip netns exec lvs ipvsadm -A -t 10.10.0.100:80 -s rr
            check nat_real_1 ip netns exec lvs ipvsadm -a -t 10.10.0.100:80 -r 10.20.0.11:80 -m
            check nat_real_2 ip netns exec lvs ipvsadm -a -t 10.10.0.100:80 -r 10.20.0.12:80 -m
            up=
            for t in $(seq 1 120); do
              if ip netns exec rs1 curl -s -o /dev/null --max-time 2 http://10.20.0.11/ \\
                 && ip netns exec rs2 curl -s -o /dev/null --max-time 2 http://10.20.0.12/; then up=$t; break; fi
              sleep 0.5
            done
            if [ -n "$up" ]; then pass backends_up "after $up tries"; else fail backends_up; cat $web/rs*.log; fi
            responses=()
            for i in 1 2 3 4 5 6; do
              responses+=("$(ip netns exec client curl -sS --max-time 10 http://10.10.0.100/ 2>&1)")
            done
            echo "    responses: ${responses[*]}"
            alternate=yes
            for i in 0 1 2 3 4 5; do
              case "${responses[$i]}" in rs1|rs2) ;; *) alternate=no;; esac
              if [ $i -gt 0 ] && [ "${responses[$i]}" = "${responses[$((i - 1))]}" ]; then alternate=no; fi
            done
            if [ $alternate = yes ]; then pass nat_round_robin_alternates "${responses[*]}"; else fail nat_round_robin_alternates "${responses[*]}"; fi
            # the kernel folds its per-CPU counters into these statistics every 2 s: poll a little
            conns() { echo "$stats" | awk -v rs="$1" '$2 == rs { print $3 }'; }
            for t in $(seq 1 10); do
              stats=$(ip netns exec lvs ipvsadm -Ln --stats)
              [ "$(conns 10.20.0.11:80)" = 3 ] && [ "$(conns 10.20.0.12:80)" = 3 ] && break
              sleep 1
            done
            echo "$stats" | sed 's/^/    /'
            if [ "$(conns 10.20.0.11:80)" = 3 ] && [ "$(conns 10.20.0.12:80)" = 3 ]; then
              pass nat_stats_three_each
            else
              fail nat_stats_three_each
            fi
            # IPVS is per network namespace: the root namespace still has only its own service
            if ipvsadm -Ln | grep -q 10.10.0.100; then fail netns_isolated; else pass netns_isolated; fi
            kill $(jobs -p) 2>/dev/null
            exit $KERNEL_LAB_FAILED
            """;

    @Test
    void ipvsadmAndNatRoundRobinInOneVm() {
        long start = System.nanoTime();
        Result result = KernelLab.runScript(Duration.ofSeconds(150), IPVS_SCRIPT);
        System.out.printf("kernel-lab IPVS VM took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        result.requireChecksPassed(
                        "modprobe_ip_vs",
                        "add_service",
                        "add_real_server",
                        "listing_shows_service",
                        "nat_service",
                        "nat_real_1",
                        "nat_real_2",
                        "backends_up",
                        "nat_round_robin_alternates",
                        "nat_stats_three_each",
                        "netns_isolated")
                .requireSuccess();
        List<String> responses = Arrays.asList(
                result.check("nat_round_robin_alternates").detail().split(" "));
        assertThat(responses).hasSize(6).containsOnly("rs1", "rs2");
        for (int i = 1; i < responses.size(); i++) {
            assertThat(responses.get(i))
                    .as("request %d after %s", i + 1, responses.get(i - 1))
                    .isNotEqualTo(responses.get(i - 1));
        }
    }

    /**
     * The family lookup an agent makes (CTRL_CMD_GETFAMILY "IPVS", here through iproute2's genl) would
     * load ip_vs through its alias net-pf-16-proto-16-family-IPVS; without IPVS the lab refuses that, and
     * an explicit modprobe loads it. (ipvsadm is not used before: it runs modprobe ip_vs itself.)
     */
    static final String WITHOUT_IPVS_SCRIPT = """
            set -u
            loaded() { grep -q '^ip_vs ' /proc/modules; }
            if loaded || [ -e /proc/net/ip_vs ]; then fail boots_without_ip_vs; else pass boots_without_ip_vs; fi
            if genl ctrl get name IPVS >/dev/null 2>&1; then fail family_lookup_finds_nothing; else pass family_lookup_finds_nothing; fi
            if loaded; then fail lookup_loads_nothing; else pass lookup_loads_nothing; fi
            check modprobe_loads_it modprobe ip_vs
            check family_found_after_modprobe genl ctrl get name IPVS
            exit $KERNEL_LAB_FAILED
            """;

    @Test
    void withoutIpvsNothingLoadsItBehindTheCommandsBack() {
        KernelLab.runScript(Duration.ofSeconds(150), List.of(KernelLab.WITHOUT_IPVS), WITHOUT_IPVS_SCRIPT)
                .requireChecksPassed(
                        "boots_without_ip_vs",
                        "family_lookup_finds_nothing",
                        "lookup_loads_nothing",
                        "modprobe_loads_it",
                        "family_found_after_modprobe")
                .requireSuccess();
    }

    @Test
    void runJavaRunsAMainClassOfThisClassPathUnderTheLabKernel() {
        long start = System.nanoTime();
        Result result = KernelLab.runJava(Duration.ofSeconds(120), OsInfoMain.class, "one", "two words");
        System.out.printf("kernel-lab Java VM took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        result.requireChecksPassed("sees_ip_vs_module", "args_arrive").requireSuccess();
        String guestKernel = result.lines().stream()
                .filter(l -> l.startsWith("os.version="))
                .map(l -> l.substring("os.version=".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(result.output()));
        String hostKernel = System.getProperty("os.version");
        System.out.printf("host kernel %s, lab kernel %s%n", hostKernel, guestKernel);
        assertThat(guestKernel).isNotEqualTo(hostKernel).endsWith("-amd64");
        assertThat(result.lines()).contains("os.name=Linux");
    }
}
