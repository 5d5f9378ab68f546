package io.fulcrum.agent.controlplane;

import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.ADMIN;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.AWAIT_REAL_SERVERS;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.DIRECTOR_NETWORK;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.SCRIPT_HEADER;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.deleteTree;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.enroll;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.freePort;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.java;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.labDirectory;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.packagedControlPlane;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.send;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.startControlPlane;
import static io.fulcrum.agent.controlplane.ControlPlaneKernelLabIT.stop;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kernellab.KernelLab;
import io.fulcrum.kernellab.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 3, in a real kernel: a director whose kernel has IPVS but has not loaded it. The lab
 * boots without ip_vs and refuses to load it on demand ({@link KernelLab#WITHOUT_IPVS}: the agent's
 * generic netlink lookup of the family "IPVS" would load it otherwise). The packaged control plane runs
 * on this host and holds a document with a VRRP group and a DR virtual server for the director lb1, the
 * lab's root namespace; the agent runs in the lab, enrolled with a token. Without IPVS the agent stays
 * up and connected, its status in REST says "IPVS unavailable: this kernel has no IPVS ..." (and its
 * metrics say so), VRRP makes it MASTER and puts the VIP on its interface, and its real servers are
 * health-checked; its repeated lookups load nothing. Then {@code modprobe ip_vs}, as an operator would:
 * within a bounded time the kernel holds the virtual server with both real servers (read back with
 * ipvsadm, which is only called from then on: it would run modprobe itself), the fault leaves the
 * status, and a client's requests to the VIP are balanced. Every wait is bounded.
 */
class IpvsAppearsLaterKernelLabIT {
    static final String DOCUMENT = """
            apiVersion: fulcrum/v1
            directors:
              - {name: lb1, managementAddress: 10.9.0.1}
            vrrpGroups:
              - name: VI_1
                vrid: 51
                interface: br0
                version: 2
                advertIntervalSeconds: 1
                virtualAddresses: [{address: 10.9.0.100/32}]
                members:
                  - {director: lb1, priority: 150}
            virtualServers:
              - name: web
                address: 10.9.0.100
                port: 80
                scheduler: rr
                forwarding: dr
                vrrpGroup: VI_1
                healthCheck: {type: tcp, intervalSeconds: 1, timeoutSeconds: 1, retries: 0}
                realServers:
                  - {name: rs1, address: 10.9.0.11}
                  - {name: rs2, address: 10.9.0.12}
            """;

    static String script(Path root, String java, Path lab, int http, int grpc) {
        return (SCRIPT_HEADER + """
                rest() { curl -s --max-time 10 -H "$H" "$@"; }
                loaded() { grep -q '^ip_vs ' /proc/modules; }
                # the agent's last full status, as REST serves it: faults, VRRP states, health results
                report() { rest $API/directors/lb1/status | python3 -c "$1"; }
                faults='import json,sys; r=json.load(sys.stdin).get("report") or {}; print("\\n".join(r.get("faults", [])))'
                vrrp='import json,sys; r=json.load(sys.stdin).get("report") or {}; print(" ".join(v["group"] + "=" + v["state"] for v in r.get("vrrp", [])))'
                health='import json,sys; r=json.load(sys.stdin).get("report") or {}; print(" ".join(h["realServer"] + "=" + h["health"] for h in r.get("health", [])))'

                if loaded || [ -e /proc/net/ip_vs ]; then fail kernel_starts_without_ipvs; else pass kernel_starts_without_ipvs; fi
                """ + DIRECTOR_NETWORK + AWAIT_REAL_SERVERS + """
                check control_plane_reachable rest -f $API/revision

                # ---- the agent on a kernel without IPVS ----
                echo "    $(date +%%T) starting the agent"
                $AGENT agent --name lb1 --control-plane https://10.0.2.2:%5$d --ca $lab/cp/data/tls/grpc-cert.pem \\
                  --token-file $lab/token --state-dir $lab/state --interval 1 --status-interval 2 \\
                  --metrics-address 127.0.0.1:9109 >$lab/agent.log 2>&1 &
                agent=$!
                if await "report '$faults' | grep -q '^IPVS unavailable: this kernel has no IPVS'" 180; then
                  pass status_says_ipvs_unavailable "$(report "$faults")"
                else
                  fail status_says_ipvs_unavailable "$(rest $API/directors/lb1/status); $(tail -20 $lab/agent.log)"
                fi
                if await "rest $API/directors/lb1 | grep -q '\\"connected\\":true'" 30; then pass agent_connected "$(rest $API/directors/lb1)"; else fail agent_connected "$(rest $API/directors/lb1)"; fi
                if await "ip -4 addr show dev br0 | grep -q ' 10.9.0.100/32 '" 60 && await "report '$vrrp' | grep -q 'VI_1=MASTER'" 30; then
                  pass vrrp_runs_without_ipvs "$(report "$vrrp"); $(ip -4 -o addr show dev br0)"
                else
                  fail vrrp_runs_without_ipvs "$(report "$vrrp"); $(ip -4 -o addr show dev br0)"
                fi
                if await "report '$health' | grep -q 'rs1=UP' && report '$health' | grep -q 'rs2=UP'" 60; then
                  pass health_checks_run_without_ipvs "$(report "$health")"
                else
                  fail health_checks_run_without_ipvs "$(report "$health")"
                fi
                m=$(curl -s --max-time 10 http://127.0.0.1:9109/metrics | grep '^fulcrum_agent_ipvs_available ')
                if [ "$m" = "fulcrum_agent_ipvs_available 0" ]; then pass metrics_say_ipvs_unavailable "$m"; else fail metrics_say_ipvs_unavailable "'$m'"; fi
                # the agent looks for IPVS again every 10 s: after more than one more look it still runs and loaded nothing
                sleep 12
                if kill -0 $agent 2>/dev/null; then pass agent_stays_up "$(grep -c . $lab/agent.log) log lines"; else fail agent_stays_up "$(tail -30 $lab/agent.log)"; fi
                if loaded; then fail lookups_load_nothing "$(grep '^ip_vs' /proc/modules)"; else pass lookups_load_nothing; fi

                # ---- IPVS appears: the agent programs it, the fault goes ----
                echo "    $(date +%%T) modprobe ip_vs"
                start=$SECONDS
                check modprobe_ip_vs modprobe ip_vs
                vs_rules() { ipvsadm -Ln -t 10.9.0.100:80 2>/dev/null; }
                if await "vs_rules | grep -Eq -- '-> +10.9.0.11:80 +Route' && vs_rules | grep -Eq -- '-> +10.9.0.12:80 +Route'" 60; then
                  pass kernel_holds_the_virtual_server "after $((SECONDS - start)) s"
                else
                  fail kernel_holds_the_virtual_server "$(ipvsadm -Ln); $(tail -20 $lab/agent.log)"
                fi
                vs_rules | sed 's/^/    /'
                if await "rest $API/directors/lb1/status | grep -q '\\"report\\"' && ! report '$faults' | grep -q 'IPVS unavailable'" 60; then
                  pass status_fault_clears "after $((SECONDS - start)) s"
                else
                  fail status_fault_clears "$(report "$faults")"
                fi
                # a scrape is served from the last one rendered and starts a fresh read when that is older than 5 s
                # (SnapshotCache): the first scrape after a long pause still shows the old value
                ipvs_metric() { curl -s --max-time 10 http://127.0.0.1:9109/metrics | grep '^fulcrum_agent_ipvs_available '; }
                if await "[ \\"\\$(ipvs_metric)\\" = 'fulcrum_agent_ipvs_available 1' ]" 30; then pass metrics_say_ipvs_available "$(ipvs_metric)"; else fail metrics_say_ipvs_available "'$(ipvs_metric)'"; fi
                r=""; for i in 1 2 3 4; do r="$r $(ip netns exec client curl -s --max-time 5 http://10.9.0.100/)"; done
                case "$r" in " rs1 rs2 rs1 rs2"|" rs2 rs1 rs2 rs1") pass client_balanced_through_the_vip "$r";; *) fail client_balanced_through_the_vip "$r";; esac
                if grep -q 'IPVS is available now' $lab/agent.log; then pass agent_logs_ipvs_available; else fail agent_logs_ipvs_available "$(tail -30 $lab/agent.log)"; fi
                kill $agent; wait $agent 2>/dev/null
                echo "    agent log:"; sed 's/^/      /' $lab/agent.log | tail -40
                exit $KERNEL_LAB_FAILED
                """)
                .formatted(root, java, lab, http, grpc, ADMIN);
    }

    @Test
    void anAgentWithoutIpvsReportsItRunsVrrpAndHealthAndProgramsIpvsOnceLoaded() throws Exception {
        Path root = KernelLab.repositoryRoot();
        Path app = packagedControlPlane(root);
        Path lab = labDirectory("fulcrum-ipvs-later-");
        Process controlPlane = null;
        try {
            int http = freePort();
            int grpc = freePort();
            controlPlane = startControlPlane(app, lab, http, grpc);
            send("PUT", http, "/api/v1/config", "application/yaml", DOCUMENT);
            enroll(http, lab);

            String java = java();
            Result r = KernelLab.runScript(
                    Duration.ofMinutes(12), List.of(KernelLab.WITHOUT_IPVS), script(root, java, lab, http, grpc));
            r.requireSuccess()
                    .requireChecksPassed(
                            "kernel_starts_without_ipvs",
                            "control_plane_reachable",
                            "status_says_ipvs_unavailable",
                            "agent_connected",
                            "vrrp_runs_without_ipvs",
                            "health_checks_run_without_ipvs",
                            "metrics_say_ipvs_unavailable",
                            "agent_stays_up",
                            "lookups_load_nothing",
                            "modprobe_ip_vs",
                            "kernel_holds_the_virtual_server",
                            "status_fault_clears",
                            "metrics_say_ipvs_available",
                            "client_balanced_through_the_vip",
                            "agent_logs_ipvs_available");
            assertThat(r.check("status_says_ipvs_unavailable").detail())
                    .as("the reason, with what to do")
                    .contains("IPVS unavailable: this kernel has no IPVS")
                    .contains("modprobe ip_vs");
        } finally {
            // stopped before its data directory goes
            stop(controlPlane);
            deleteTree(lab);
        }
    }
}
