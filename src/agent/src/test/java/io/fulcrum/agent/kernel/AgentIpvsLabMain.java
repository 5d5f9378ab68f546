package io.fulcrum.agent.kernel;

import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import io.fulcrum.kernellab.Checks;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums.AddressFamily;
import io.fulcrum.model.Enums.Forwarding;
import io.fulcrum.model.Enums.Protocol;
import io.fulcrum.model.Enums.Scheduler;
import io.fulcrum.model.Enums.SchedulerFlag;
import io.fulcrum.model.Enums.TunnelChecksum;
import io.fulcrum.model.Enums.TunnelType;
import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.netlink.ipvs.IpvsConfig;
import io.fulcrum.netlink.ipvs.IpvsServiceEntry;
import io.fulcrum.netlink.ipvs.SyncDaemon;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * Run inside the kernel lab by {@link AgentIpvsKernelLabIT}: the agent's IPVS path (Reconciler +
 * NetlinkIpvsKernel + KernelMapping) against the lab's real IPVS, checked by ipvsadm (and ipvsadm's
 * rules read back by the agent), plus NAT traffic between network namespaces. Only this test forks
 * ipvsadm and flushes with {@code ipvsadm -C}; inside the VM nothing else holds IPVS rules.
 *
 * <p>Checks 1, 2, 5 and the no-change run use the VM's root network namespace; the traffic checks use
 * a "director" namespace whose IPVS the agent reaches through a netlink socket opened by a thread that
 * joined that namespace (setns(2) is per thread; a socket keeps the namespace it was created in).
 */
public final class AgentIpvsLabMain {
    private AgentIpvsLabMain() {}

    static final String WEB = "/run/fulcrum-agent-lab";

    public static void main(String[] args) throws Exception {
        Checks checks = new Checks();
        // namespaces and real servers first: python starts slowly under emulation, let it overlap
        boolean nsReady = checks.run("traffic_namespaces_created", () -> sh(SETUP_NAMESPACES));

        try (IpvsClient root = IpvsClient.open()) {
            NetlinkIpvsKernel kernel = new NetlinkIpvsKernel(root);
            peerAgreementOursReadByIpvsadm(checks, kernel);
            peerAgreementIpvsadmReadByUs(checks, kernel);
            peerAgreementTimeoutsAndSyncDaemons(checks, root);
            badInput(checks, kernel);
        }
        if (nsReady) {
            traffic(checks);
        } else {
            checks.run("traffic_round_robin", () -> {
                throw new AssertionError("no namespaces");
            });
        }
        try {
            sh("for p in $(cat " + WEB + "/pids 2>/dev/null); do kill $p 2>/dev/null; done; true");
        } catch (Exception ignored) {
            // the VM goes away anyway
        }
        checks.exit();
    }

    // ---- 1. the agent writes, ipvsadm reads -----------------------------------------------------

    static final ServiceKey S_WRR = tcp("10.1.0.1", 80);
    static final ServiceKey S_OPS = ServiceKey.inet(ip("10.1.0.2"), 53, Protocol.UDP);
    static final ServiceKey S_PERSIST = tcp("10.1.0.3", 443);
    static final ServiceKey S_SH = tcp("10.1.0.4", 80);
    static final ServiceKey S_MH = tcp("10.1.0.5", 80);
    static final ServiceKey S_SCTP = ServiceKey.inet(ip("10.1.0.6"), 5000, Protocol.SCTP);
    static final ServiceKey S_FWM = ServiceKey.fwmark(7, AddressFamily.INET);
    static final ServiceKey S_V6 = tcp("2001:db8:1::8", 80);
    static final ServiceKey S_GUE = tcp("10.1.0.9", 80);
    static final ServiceKey S_FWM6 = ServiceKey.fwmark(8, AddressFamily.INET6);
    static final ServiceKey S_V6P = tcp("2001:db8:1::a", 443);

    /** Every feature the agent maps, GUE on a service of its own so a refusal would not hide the rest. */
    static Table bigTable() {
        return new Table.Builder()
                .service(svc(S_WRR, Scheduler.WRR, Set.of(), null, 32, false))
                .destination(S_WRR, dest("10.1.1.1", 80, Forwarding.NAT, 5, 100, 10))
                .destination(S_WRR, dest("10.1.1.2", 80, Forwarding.DR, 3, 0, 0))
                .destination(S_WRR, tun("10.1.1.3", 80, TunnelType.IPIP, null, 2, 50, 5))
                .service(svc(S_OPS, Scheduler.RR, Set.of(), null, 32, true))
                .destination(S_OPS, dest("10.1.2.1", 53, Forwarding.NAT, 1, 0, 0))
                .service(svc(S_PERSIST, Scheduler.WLC, Set.of(), Duration.ofSeconds(300), 24, false))
                .destination(S_PERSIST, dest("10.1.3.1", 443, Forwarding.DR, 4, 0, 0))
                .service(svc(
                        S_SH, Scheduler.SH, Set.of(SchedulerFlag.SH_FALLBACK, SchedulerFlag.SH_PORT), null, 32, false))
                .destination(S_SH, dest("10.1.4.1", 80, Forwarding.NAT, 1, 0, 0))
                .service(svc(S_MH, Scheduler.MH, Set.of(SchedulerFlag.MH_PORT), null, 32, false))
                .destination(S_MH, dest("10.1.5.1", 80, Forwarding.NAT, 1, 0, 0))
                .service(svc(S_SCTP, Scheduler.RR, Set.of(), null, 32, false))
                .destination(S_SCTP, dest("10.1.6.1", 5000, Forwarding.NAT, 1, 0, 0))
                .service(svc(S_FWM, Scheduler.WLC, Set.of(), null, 32, false))
                .destination(S_FWM, dest("10.1.7.1", 0, Forwarding.DR, 1, 0, 0))
                .service(svc(S_V6, Scheduler.RR, Set.of(), null, 128, false))
                .destination(S_V6, dest("2001:db8:1::81", 80, Forwarding.NAT, 2, 0, 0))
                .service(svc(S_GUE, Scheduler.WRR, Set.of(), null, 32, false))
                .destination(S_GUE, tun("10.1.9.1", 80, TunnelType.GUE, 6080, 1, 0, 0))
                .destination(S_GUE, tunCsum("10.1.9.2", 80, TunnelType.GUE, 6081, TunnelChecksum.REMCSUM, 1))
                .destination(S_GUE, tunCsum("10.1.9.3", 80, TunnelType.GRE, null, TunnelChecksum.CSUM, 1))
                .service(svc(S_FWM6, Scheduler.RR, Set.of(), null, 128, false))
                .destination(S_FWM6, dest("2001:db8:1::91", 0, Forwarding.DR, 1, 0, 0))
                .service(svc(S_V6P, Scheduler.WLC, Set.of(), Duration.ofSeconds(600), 64, false))
                .destination(S_V6P, dest("2001:db8:1::a1", 443, Forwarding.DR, 1, 0, 0))
                .build();
    }

    /** ipvsadm -Ln, service line -> destination lines (whitespace normalised). */
    static final Map<String, List<String>> EXPECTED_LN = new LinkedHashMap<>();

    static {
        EXPECTED_LN.put(
                "TCP 10.1.0.1:80 wrr",
                List.of("-> 10.1.1.1:80 Masq 5 0 0", "-> 10.1.1.2:80 Route 3 0 0", "-> 10.1.1.3:80 Tunnel 2 0 0"));
        EXPECTED_LN.put("UDP 10.1.0.2:53 rr ops", List.of("-> 10.1.2.1:53 Masq 1 0 0"));
        EXPECTED_LN.put(
                "TCP 10.1.0.3:443 wlc persistent 300 mask 255.255.255.0", List.of("-> 10.1.3.1:443 Route 4 0 0"));
        EXPECTED_LN.put("TCP 10.1.0.4:80 sh (sh-fallback,sh-port)", List.of("-> 10.1.4.1:80 Masq 1 0 0"));
        EXPECTED_LN.put("TCP 10.1.0.5:80 mh (mh-port)", List.of("-> 10.1.5.1:80 Masq 1 0 0"));
        EXPECTED_LN.put("SCTP 10.1.0.6:5000 rr", List.of("-> 10.1.6.1:5000 Masq 1 0 0"));
        EXPECTED_LN.put("FWM 7 wlc", List.of("-> 10.1.7.1:0 Route 1 0 0"));
        EXPECTED_LN.put("TCP [2001:db8:1::8]:80 rr", List.of("-> [2001:db8:1::81]:80 Masq 2 0 0"));
        EXPECTED_LN.put(
                "TCP 10.1.0.9:80 wrr",
                List.of("-> 10.1.9.1:80 Tunnel 1 0 0", "-> 10.1.9.2:80 Tunnel 1 0 0", "-> 10.1.9.3:80 Tunnel 1 0 0"));
        EXPECTED_LN.put("FWM 8 IPv6 rr", List.of("-> [2001:db8:1::91]:0 Route 1 0 0"));
        EXPECTED_LN.put(
                "TCP [2001:db8:1::a]:443 wlc persistent 600 mask 64", List.of("-> [2001:db8:1::a1]:443 Route 1 0 0"));
    }

    static void peerAgreementOursReadByIpvsadm(Checks checks, NetlinkIpvsKernel netlink) {
        Table desired = bigTable();
        Counting kernel = new Counting(netlink);
        List<Set<ServiceKey>> persisted = new ArrayList<>();
        Reconciler agent = new Reconciler(kernel, Set.of(), false, persisted::add);
        boolean applied = checks.run("agent_applies_every_feature", () -> {
            sh("ipvsadm -C");
            Reconciler.Result r = agent.reconcile(desired);
            if (!r.converged()) {
                throw new AssertionError(
                        "step " + r.failedStep() + " refused after " + r.applied() + " steps", r.failure());
            }
            expectEqual("applied steps", 11 + 15, r.applied());
        });
        checks.run("ipvsadm_lists_services_and_destinations", () -> {
            String ln = sh("ipvsadm -Ln");
            System.out.println(indent(ln));
            expectListing(EXPECTED_LN, parseListing(ln));
        });
        checks.run("ipvsadm_lists_thresholds", () -> {
            String out = sh("ipvsadm -Ln --thresholds");
            System.out.println(indent(out));
            Map<String, List<String>> listing = parseListing(out);
            List<String> wrr = listing.get("TCP 10.1.0.1:80 wrr");
            // -> address Uthreshold Lthreshold ActiveConn InActConn
            expectEqual(
                    "thresholds of TCP 10.1.0.1:80",
                    List.of("-> 10.1.1.1:80 100 10 0 0", "-> 10.1.1.2:80 0 0 0 0", "-> 10.1.1.3:80 50 5 0 0"),
                    wrr);
        });
        checks.run("ipvsadm_lists_tunnels", () -> {
            String out = sh("ipvsadm -Ln --tun-info");
            System.out.println(indent(out));
            Map<String, List<String>> listing = parseListing(out);
            // -> address Forward TunnelInfo Weight ActiveConn InActConn; checksum: -c none, +c csum, r+c remcsum
            expectEqual(
                    "--tun-info of TCP 10.1.0.1:80",
                    List.of(
                            "-> 10.1.1.1:80 Masq n/a 5 0 0",
                            "-> 10.1.1.2:80 Route n/a 3 0 0",
                            "-> 10.1.1.3:80 Tunnel ipip 2 0 0"),
                    listing.get("TCP 10.1.0.1:80 wrr"));
            expectEqual(
                    "--tun-info of TCP 10.1.0.9:80",
                    List.of(
                            "-> 10.1.9.1:80 Tunnel gue:6080:-c 1 0 0",
                            "-> 10.1.9.2:80 Tunnel gue:6081:r+c 1 0 0",
                            "-> 10.1.9.3:80 Tunnel gre:+c 1 0 0"),
                    listing.get("TCP 10.1.0.9:80 wrr"));
        });
        checks.run("ipvsadm_lists_persistence_and_rates", () -> {
            // the other listings ipvsadm has agree on the same services (persistent connection counts, counters)
            for (String opt : List.of("--persistent-conn", "--stats", "--rate")) {
                String out = sh("ipvsadm -Ln " + opt);
                System.out.println(indent(out));
                Set<String> services = parseListing(out).keySet().stream()
                        .map(AgentIpvsLabMain::serviceId)
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> want = EXPECTED_LN.keySet().stream()
                        .map(AgentIpvsLabMain::serviceId)
                        .collect(Collectors.toCollection(TreeSet::new));
                expectEqual("services of ipvsadm -Ln " + opt, want, services);
            }
            String persistent = parseListing(sh("ipvsadm -Ln --persistent-conn")).keySet().stream()
                    .filter(s -> s.startsWith("TCP 10.1.0.3:443 "))
                    .findFirst()
                    .orElseThrow();
            if (!persistent.contains("persistent 300 mask 255.255.255.0")) {
                throw new AssertionError("--persistent-conn: " + persistent);
            }
        });
        checks.run("no_change_reconcile_sends_nothing", () -> {
            if (!applied) throw new AssertionError("nothing applied");
            kernel.reset();
            Reconciler.Result again = agent.reconcile(desired);
            expectEqual(
                    "steps of the same agent's second run",
                    List.of(),
                    again.plan().steps());
            expectEqual("apply() calls of the same agent's second run", 0, kernel.applies.size());
            expectEqual("dumps of the same agent's second run (it keeps its picture)", 0, kernel.dumps);
            // a restarted agent dumps the kernel afresh: every mapped field must read back as written
            Reconciler restarted = new Reconciler(kernel, persisted.get(persisted.size() - 1), false, o -> {});
            Reconciler.Result fresh = restarted.reconcile(desired);
            expectEqual(
                    "steps of a restarted agent (fresh dump)",
                    List.of(),
                    fresh.plan().steps());
            expectEqual("drift of a restarted agent", List.of(), fresh.plan().drift());
            expectEqual("apply() calls", 0, kernel.applies.size());
            expectEqual("dumps (the restarted agent's only)", 1, kernel.dumps);
            expectTable(desired, netlink.dump());
        });
    }

    // ---- 2. ipvsadm writes, the agent reads ---------------------------------------------------------

    static final String IPVSADM_RULES = """
            set -e
            ipvsadm -C
            ipvsadm -A -t 10.2.0.1:80 -s wrr
            ipvsadm -a -t 10.2.0.1:80 -r 10.2.1.1:80 -m -w 5 -x 100 -y 10
            ipvsadm -a -t 10.2.0.1:80 -r 10.2.1.2:80 -g -w 3
            ipvsadm -a -t 10.2.0.1:80 -r 10.2.1.3:80 -i -w 2 -x 50 -y 5
            ipvsadm -a -t 10.2.0.1:80 -r 10.2.1.4:80 -i -w 1 --tun-type gue --tun-port 6080
            ipvsadm -A -u 10.2.0.2:53 -s rr -o
            ipvsadm -a -u 10.2.0.2:53 -r 10.2.2.1:5353 -m -w 1
            ipvsadm -A -t 10.2.0.3:443 -s wlc -p 300 -M 255.255.255.0
            ipvsadm -a -t 10.2.0.3:443 -r 10.2.3.1:443 -g -w 4
            ipvsadm -A -t 10.2.0.4:80 -s sh -b sh-fallback,sh-port
            ipvsadm -a -t 10.2.0.4:80 -r 10.2.4.1:8080 -m -w 1
            ipvsadm -A -t 10.2.0.5:80 -s mh -b mh-port
            ipvsadm -a -t 10.2.0.5:80 -r 10.2.5.1:80 -m -w 1
            ipvsadm -A --sctp-service 10.2.0.6:5000 -s rr
            ipvsadm -a --sctp-service 10.2.0.6:5000 -r 10.2.6.1:5000 -m -w 1
            ipvsadm -A -f 7 -s wlc
            ipvsadm -a -f 7 -r 10.2.7.1:0 -g -w 1
            ipvsadm -A -t [2001:db8:2::8]:80 -s rr
            ipvsadm -a -t [2001:db8:2::8]:80 -r [2001:db8:2::81]:80 -m -w 2
            ipvsadm -A -t [2001:db8:2::9]:80 -s wlc -p 120
            """;

    static Table ipvsadmTable() {
        ServiceKey wrr = tcp("10.2.0.1", 80);
        ServiceKey ops = ServiceKey.inet(ip("10.2.0.2"), 53, Protocol.UDP);
        ServiceKey persist = tcp("10.2.0.3", 443);
        ServiceKey shk = tcp("10.2.0.4", 80);
        ServiceKey mhk = tcp("10.2.0.5", 80);
        ServiceKey sctp = ServiceKey.inet(ip("10.2.0.6"), 5000, Protocol.SCTP);
        ServiceKey fwm = ServiceKey.fwmark(7, AddressFamily.INET);
        ServiceKey v6 = tcp("2001:db8:2::8", 80);
        ServiceKey v6p = tcp("2001:db8:2::9", 80);
        return new Table.Builder()
                .service(svc(wrr, Scheduler.WRR, Set.of(), null, 32, false))
                .destination(wrr, dest("10.2.1.1", 80, Forwarding.NAT, 5, 100, 10))
                .destination(wrr, dest("10.2.1.2", 80, Forwarding.DR, 3, 0, 0))
                .destination(wrr, tun("10.2.1.3", 80, TunnelType.IPIP, null, 2, 50, 5))
                .destination(wrr, tun("10.2.1.4", 80, TunnelType.GUE, 6080, 1, 0, 0))
                .service(svc(ops, Scheduler.RR, Set.of(), null, 32, true))
                .destination(ops, dest("10.2.2.1", 5353, Forwarding.NAT, 1, 0, 0))
                .service(svc(persist, Scheduler.WLC, Set.of(), Duration.ofSeconds(300), 24, false))
                .destination(persist, dest("10.2.3.1", 443, Forwarding.DR, 4, 0, 0))
                .service(svc(
                        shk, Scheduler.SH, Set.of(SchedulerFlag.SH_FALLBACK, SchedulerFlag.SH_PORT), null, 32, false))
                .destination(shk, dest("10.2.4.1", 8080, Forwarding.NAT, 1, 0, 0))
                .service(svc(mhk, Scheduler.MH, Set.of(SchedulerFlag.MH_PORT), null, 32, false))
                .destination(mhk, dest("10.2.5.1", 80, Forwarding.NAT, 1, 0, 0))
                .service(svc(sctp, Scheduler.RR, Set.of(), null, 32, false))
                .destination(sctp, dest("10.2.6.1", 5000, Forwarding.NAT, 1, 0, 0))
                .service(svc(fwm, Scheduler.WLC, Set.of(), null, 32, false))
                .destination(fwm, dest("10.2.7.1", 0, Forwarding.DR, 1, 0, 0))
                .service(svc(v6, Scheduler.RR, Set.of(), null, 128, false))
                .destination(v6, dest("2001:db8:2::81", 80, Forwarding.NAT, 2, 0, 0))
                .service(svc(v6p, Scheduler.WLC, Set.of(), Duration.ofSeconds(120), 128, false))
                .build();
    }

    // ---- timeouts (IPVS_CMD_SET_CONFIG) and sync daemons, both ways ------------------------------

    static void peerAgreementTimeoutsAndSyncDaemons(Checks checks, IpvsClient root) {
        checks.run("ipvsadm_reads_our_timeouts", () -> {
            root.setTimeouts(IpvsConfig.ofSeconds(901, 121, 301));
            String t = sh("ipvsadm -L --timeout").strip();
            System.out.println(indent(t));
            expectEqual("ipvsadm -L --timeout", "Timeout (tcp tcpfin udp): 901 121 301", t);
        });
        checks.run("we_read_ipvsadm_timeouts", () -> {
            sh("ipvsadm --set 802 102 202");
            expectEqual("timeouts", IpvsConfig.ofSeconds(802, 102, 202), root.timeouts());
            // zero leaves a timeout as it is, as in ipvsadm --set
            root.setTimeouts(IpvsConfig.ofSeconds(0, 0, 303));
            expectEqual(
                    "ipvsadm -L --timeout",
                    "Timeout (tcp tcpfin udp): 802 102 303",
                    sh("ipvsadm -L --timeout").strip());
        });
        // a sync daemon needs a multicast-capable device: a dummy one of this VM's own
        checks.run("ipvsadm_lists_our_sync_daemon", () -> {
            sh("ip link add fsync0 type dummy && ip link set fsync0 multicast on up");
            root.startSyncDaemon(SyncDaemon.of(SyncDaemon.State.MASTER, "fsync0", 7));
            String d = sh("ipvsadm -L --daemon").strip();
            System.out.println(indent(d));
            if (!d.matches("(?s)master sync daemon \\(mcast=fsync0, syncid=7.*"))
                throw new AssertionError("ipvsadm -L --daemon: " + d);
        });
        checks.run("we_read_ipvsadm_sync_daemon", () -> {
            sh("ipvsadm --start-daemon backup --mcast-interface fsync0 --syncid 9");
            List<SyncDaemon> daemons = root.syncDaemons();
            System.out.println("    ours: " + daemons);
            expectEqual(
                    "daemons (state, device, id)",
                    Set.of("MASTER fsync0 7", "BACKUP fsync0 9"),
                    daemons.stream()
                            .map(x -> x.state() + " " + x.interfaceName() + " " + x.syncId())
                            .collect(Collectors.toSet()));
        });
        checks.run("sync_daemons_stop_either_way", () -> {
            root.stopSyncDaemon(SyncDaemon.State.BACKUP);
            sh("ipvsadm --stop-daemon master");
            expectEqual("ipvsadm -L --daemon", "", sh("ipvsadm -L --daemon").strip());
            expectEqual("ours", List.of(), root.syncDaemons());
        });
    }

    static void peerAgreementIpvsadmReadByUs(Checks checks, NetlinkIpvsKernel kernel) {
        checks.run("agent_reads_ipvsadm_rules", () -> {
            sh(IPVSADM_RULES);
            System.out.println(indent(sh("ipvsadm -Ln; ipvsadm -Ln --tun-info")));
            expectTable(ipvsadmTable(), kernel.dump());
        });
        checks.run("agent_leaves_ipvsadm_rules_alone", () -> {
            // not owned: a reconcile of an empty desired table reports them as drift and sends nothing
            Counting counting = new Counting(kernel);
            Reconciler.Result r = new Reconciler(counting, Set.of(), false, o -> {}).reconcile(Table.EMPTY);
            expectEqual("steps", List.of(), r.plan().steps());
            expectEqual("drift entries", 9, r.plan().drift().size());
            expectEqual("apply() calls", 0, counting.applies.size());
        });
    }

    // ---- 5. bad input ---------------------------------------------------------------------------------

    static final ServiceKey B1 = tcp("10.5.0.1", 80);
    static final ServiceKey B2 = tcp("10.5.0.2", 80);
    static final ServiceKey B3 = tcp("10.5.0.3", 80);

    static Table badTable(Scheduler second) {
        return new Table.Builder()
                .service(svc(B1, Scheduler.RR, Set.of(), null, 32, false))
                .destination(B1, dest("10.5.1.1", 80, Forwarding.NAT, 1, 0, 0))
                .service(svc(B2, second, Set.of(), null, 32, false))
                .destination(B2, dest("10.5.2.1", 80, Forwarding.NAT, 1, 0, 0))
                .service(svc(B3, Scheduler.WLC, Set.of(), null, 32, false))
                .destination(B3, dest("10.5.3.1", 80, Forwarding.NAT, 1, 0, 0))
                .build();
    }

    static void badInput(Checks checks, NetlinkIpvsKernel netlink) {
        Counting kernel = new Counting(netlink);
        Reconciler agent = new Reconciler(kernel, Set.of(), false, o -> {});
        checks.run("bad_input_refusals_reported_rest_applied", () -> {
            sh("ipvsadm -C");
            // twos (ip_vs_twos) came with Linux 6.2; the lab's Debian 6.1 kernel has no such scheduler
            if (sh("ls /lib/modules/$(uname -r)/kernel/net/netfilter/ipvs/").contains("ip_vs_twos")) {
                throw new AssertionError("this kernel has ip_vs_twos: pick another scheduler it lacks");
            }
            Reconciler.Result r = agent.reconcile(badTable(Scheduler.TWOS));
            System.out.println("    plan: " + r.plan().steps());
            r.failures().forEach((i, e) -> System.out.println("    refused #" + i + ": " + e));
            if (r.converged()) throw new AssertionError("a service with scheduler twos was accepted");
            // the plan went to the kernel as one batch (Reconciler/NetlinkIpvsKernel since c6bd840): every refusal is
            // reported at its place, the other steps take effect. Refused: the twos service, and its destination
            // (no such service); everything else, before and after, is in the kernel.
            List<Step> steps = r.plan().steps();
            expectEqual("batches", 1, kernel.batches);
            expectEqual("steps sent", steps, kernel.applies);
            Map<Integer, String> refused = new LinkedHashMap<>();
            r.failures().forEach((i, e) -> refused.put(i, describe(steps.get(i))));
            Map<Integer, String> want = new LinkedHashMap<>();
            for (int i = 0; i < steps.size(); i++) {
                Step st = steps.get(i);
                if (st instanceof Step.AddService a && a.service().key().equals(B2)
                        || st instanceof Step.AddDestination d && d.service().equals(B2)) {
                    want.put(i, describe(st));
                }
            }
            expectEqual("refused steps", want, refused);
            expectEqual("first refused step", "add service " + B2, describe(r.failedStep()));
            if (!(r.failure() instanceof NotFoundException)) {
                throw new AssertionError("refusal of the unknown scheduler: " + r.failure());
            }
            expectEqual("applied", steps.size() - 2, r.applied());
            Table expected = badTable(Scheduler.TWOS);
            Table.Builder without = new Table.Builder();
            expected.services().values().stream()
                    .filter(e -> !e.service().key().equals(B2))
                    .forEach(e -> {
                        without.service(e.service());
                        e.destinations()
                                .values()
                                .forEach(d -> without.destination(e.service().key(), d));
                    });
            expectTable(without.build(), netlink.dump());
        });
        checks.run("bad_input_then_a_valid_table_converges", () -> {
            Table valid = badTable(Scheduler.LC);
            Reconciler.Result r = agent.reconcile(valid);
            if (!r.converged()) throw new AssertionError("refused " + r.failedStep(), r.failure());
            expectTable(valid, netlink.dump());
            expectEqual(
                    "steps of a restarted agent",
                    List.of(),
                    new Reconciler(netlink, agent.owned(), false, o -> {})
                            .reconcile(valid)
                            .plan()
                            .steps());
        });
    }

    // ---- 3 + 4. traffic in namespaces, a restarted agent, drain --------------------------------------

    /**
     * client (10.10.0.2) -- director: IPVS, VIP 10.10.0.100, 10.10.0.1 / 10.20.0.1 on a bridge --
     * rs1 10.20.0.11, rs2 10.20.0.12 (python3 http.server). Every packet stays in these namespaces.
     */
    static final String SETUP_NAMESPACES = """
            set -e
            web=%1$s; mkdir -p $web; : > $web/pids
            for ns in client director rs1 rs2; do ip netns add $ns; ip -n $ns link set lo up; done
            ip -n director link add c0 type veth peer name c1 netns client
            ip -n director addr add 10.10.0.1/24 dev c0; ip -n director link set c0 up
            ip -n director addr add 10.10.0.100/32 dev c0
            ip -n client addr add 10.10.0.2/24 dev c1; ip -n client link set c1 up
            ip -n client route add default via 10.10.0.1
            ip -n director link add br-rs type bridge; ip -n director link set br-rs up
            ip -n director addr add 10.20.0.1/24 dev br-rs
            for i in 1 2; do
              ip -n director link add r$i type veth peer name e$i netns rs$i
              ip -n director link set r$i master br-rs; ip -n director link set r$i up
              ip -n rs$i addr add 10.20.0.1$i/24 dev e$i; ip -n rs$i link set e$i up
              ip -n rs$i route add default via 10.20.0.1
              mkdir -p $web/rs$i; echo rs$i > $web/rs$i/index.html
              ip netns exec rs$i /usr/bin/python3 -m http.server 80 --bind 10.20.0.1$i --directory $web/rs$i \\
                </dev/null >$web/rs$i.log 2>&1 &
              echo $! >> $web/pids
            done
            ip netns exec director sysctl -qw net.ipv4.ip_forward=1
            """.formatted(WEB);

    static final ServiceKey VIP = tcp("10.10.0.100", 80);

    static Table web(int w1, int w2, boolean drain1) {
        Destination rs1 = dest("10.20.0.11", 80, Forwarding.NAT, w1, 0, 0);
        if (drain1) {
            rs1 = new Destination(rs1.address(), 80, Forwarding.NAT, null, null, null, w1, 0, 0, true, 0);
        }
        return new Table.Builder()
                .service(svc(VIP, Scheduler.WRR, Set.of(), null, 32, false))
                .destination(VIP, rs1)
                .destination(VIP, dest("10.20.0.12", 80, Forwarding.NAT, w2, 0, 0))
                .build();
    }

    static void traffic(Checks checks) throws Exception {
        IpvsClient client;
        try {
            client = openIn("director");
        } catch (Exception e) {
            checks.run("traffic_round_robin", () -> {
                throw e;
            });
            return;
        }
        try (client) {
            NetlinkIpvsKernel netlink = new NetlinkIpvsKernel(client);
            Counting kernel = new Counting(netlink);
            List<Set<ServiceKey>> persisted = new ArrayList<>();
            Reconciler agent = new Reconciler(kernel, Set.of(), false, persisted::add);
            checks.run("traffic_agent_in_director_namespace", () -> {
                // the VM's root namespace holds the services of the checks above, the director's nothing yet
                expectEqual("director's table before", Table.EMPTY, netlink.dump());
                Reconciler.Result r = agent.reconcile(web(1, 1, false));
                if (!r.converged()) throw new AssertionError("refused " + r.failedStep(), r.failure());
                String ln = sh("ip netns exec director ipvsadm -Ln");
                System.out.println(indent(ln));
                expectEqual(
                        "director's ipvsadm -Ln",
                        Map.of(
                                "TCP 10.10.0.100:80 wrr",
                                List.of("-> 10.20.0.11:80 Masq 1 0 0", "-> 10.20.0.12:80 Masq 1 0 0")),
                        parseListing(ln));
                if (sh("ipvsadm -Ln").contains("10.10.0.100"))
                    throw new AssertionError("the root namespace has the VIP");
            });
            checks.run("traffic_backends_up", () -> {
                for (int t = 0; t < 120; t++) {
                    if (run("ip netns exec rs1 curl -s -o /dev/null --max-time 2 http://10.20.0.11/"
                                            + " && ip netns exec rs2 curl -s -o /dev/null --max-time 2 http://10.20.0.12/")
                                    .exit
                            == 0) {
                        System.out.println("    up after " + (t + 1) + " tries");
                        return;
                    }
                    Thread.sleep(500);
                }
                throw new AssertionError("real servers not up: " + sh("cat " + WEB + "/rs*.log"));
            });
            checks.run("traffic_round_robin", () -> {
                List<String> r = requests(4);
                for (int i = 1; i < r.size(); i++) {
                    if (r.get(i).equals(r.get(i - 1))) throw new AssertionError("not alternating: " + r);
                }
                expectEqual("rs1 count", 2L, count(r, "rs1"));
                expectEqual("rs2 count", 2L, count(r, "rs2"));
                // the kernel folds per-CPU counters every 2 s: wait for 2 + 2 connections
                Map<String, Long> conns = waitForConns(Map.of("10.20.0.11:80", 2L, "10.20.0.12:80", 2L));
                System.out.println("    conns " + conns);
            });
            checks.run("no_change_reconcile_sends_nothing_director", () -> {
                kernel.reset();
                Reconciler.Result r = agent.reconcile(web(1, 1, false));
                expectEqual("steps", List.of(), r.plan().steps());
                expectEqual("apply() calls", 0, kernel.applies.size());
            });
            checks.run("restarted_agent_one_edit_keeps_counters", () -> {
                kernel.reset();
                Reconciler restarted =
                        new Reconciler(kernel, persisted.get(persisted.size() - 1), false, persisted::add);
                Reconciler.Result r = restarted.reconcile(web(3, 1, false));
                if (!r.converged()) throw new AssertionError("refused " + r.failedStep(), r.failure());
                expectEqual("steps sent", 1, kernel.applies.size());
                expectEqual("batches sent", 1, kernel.batches);
                if (!(kernel.applies.get(0) instanceof Step.EditDestination e
                        && e.after().weight() == 3
                        && e.after().address().equals(ip("10.20.0.11")))) {
                    throw new AssertionError("the one step: " + kernel.applies.get(0));
                }
                // the same kernel objects: a delete + add would have reset their counters to 0
                String stats = sh("ip netns exec director ipvsadm -Ln --stats");
                System.out.println(indent(stats));
                Map<String, Long> conns = conns(stats);
                expectEqual(
                        "connections counted since the first apply",
                        Map.of("10.10.0.100:80", 4L, "10.20.0.11:80", 2L, "10.20.0.12:80", 2L),
                        conns);
                String ln = sh("ip netns exec director ipvsadm -Ln");
                expectEqual(
                        "weights",
                        List.of("-> 10.20.0.11:80 Masq 3", "-> 10.20.0.12:80 Masq 1"),
                        parseListing(ln).get("TCP 10.10.0.100:80 wrr").stream()
                                .map(l -> String.join(
                                        " ", Arrays.asList(l.split(" ")).subList(0, 4)))
                                .toList());
                agentHolder.set(restarted);
            });
            checks.run("traffic_wrr_3_to_1", () -> {
                List<String> r = requests(8);
                expectEqual("rs1 of 8 (weights 3:1)", 6L, count(r, "rs1"));
                expectEqual("rs2 of 8 (weights 3:1)", 2L, count(r, "rs2"));
            });
            checks.run("traffic_drain", () -> {
                Reconciler restarted = agentHolder.get();
                if (restarted == null) throw new AssertionError("no restarted agent");
                kernel.reset();
                Reconciler.Result r = restarted.reconcile(web(3, 1, true));
                if (!r.converged()) throw new AssertionError("refused " + r.failedStep(), r.failure());
                expectEqual("steps", 1, kernel.applies.size());
                if (!(kernel.applies.get(0) instanceof Step.EditDestination e
                        && e.after().weight() == 0)) {
                    throw new AssertionError("the drain step: " + kernel.applies.get(0));
                }
                List<String> after = requests(4);
                expectEqual("rs2 of 4 with rs1 draining", 4L, count(after, "rs2"));
                String ln = sh("ip netns exec director ipvsadm -Ln");
                System.out.println(indent(ln));
                if (!parseListing(ln).get("TCP 10.10.0.100:80 wrr").get(0).startsWith("-> 10.20.0.11:80 Masq 0 ")) {
                    throw new AssertionError("rs1 not at weight 0: " + ln);
                }
            });
            checks.run("zero_counters_either_way", () -> {
                // the kernel folds per-CPU counts into the totals every 2 s, and a zero clears the totals:
                // let the connections of the checks above settle first
                Thread.sleep(2500);
                client.zeroCounters();
                expectEqual(
                        "ipvsadm's connection counters after our zero",
                        Map.of("10.10.0.100:80", 0L, "10.20.0.11:80", 0L, "10.20.0.12:80", 0L),
                        conns(sh("ip netns exec director ipvsadm -Ln --stats")));
                requests(2);
                waitForConns(Map.of("10.10.0.100:80", 2L));
                sh("ip netns exec director ipvsadm -Z");
                IpvsServiceEntry vip = client.services().stream()
                        .filter(e -> e.service().key().port() == 80
                                && e.service().key().address().equals(ip("10.10.0.100")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no VIP service"));
                expectEqual(
                        "our reading after ipvsadm -Z: connections",
                        0L,
                        vip.stats().conns());
                expectEqual(
                        "our reading after ipvsadm -Z: packets in",
                        0L,
                        vip.stats().inPkts());
            });
        }
    }

    static final AtomicReference<Reconciler> agentHolder = new AtomicReference<>();

    static List<String> requests(int n) throws Exception {
        String out = sh("for i in $(seq 1 " + n + "); do ip netns exec client curl -sS --max-time 5 http://10.10.0.100/"
                + " || echo FAILED; done");
        List<String> r =
                out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        System.out.println("    responses: " + r);
        if (r.size() != n || r.stream().anyMatch(l -> !l.equals("rs1") && !l.equals("rs2"))) {
            throw new AssertionError("responses " + r);
        }
        return r;
    }

    static long count(List<String> r, String who) {
        return r.stream().filter(who::equals).count();
    }

    static Map<String, Long> waitForConns(Map<String, Long> want) throws Exception {
        Map<String, Long> got = Map.of();
        for (int t = 0; t < 12; t++) {
            Map<String, Long> now = conns(sh("ip netns exec director ipvsadm -Ln --stats"));
            got = now;
            if (want.entrySet().stream().allMatch(e -> e.getValue().equals(now.get(e.getKey())))) return now;
            Thread.sleep(1000);
        }
        throw new AssertionError("connection counters " + got + ", expected " + want);
    }

    /** From ipvsadm -Ln --stats: address:port -> Conns, for services and destinations. */
    static Map<String, Long> conns(String stats) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : stats.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 3 && f[0].equals("->") && f[2].matches("\\d+")) out.put(f[1], Long.parseLong(f[2]));
            else if (f.length >= 3 && f[0].matches("TCP|UDP|SCTP") && f[2].matches("\\d+"))
                out.put(f[1], Long.parseLong(f[2]));
        }
        return out;
    }

    // ---- setns: a netlink socket in another network namespace ---------------------------------------

    /** The libc calls to join a network namespace (test only). */
    public interface NsLibC {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int setns(int fd, int nstype);

        int close(int fd);
    }

    static final int CLONE_NEWNET = 0x40000000;
    static final int O_RDONLY_CLOEXEC = 0x80000;

    /** Moves the calling thread into the network namespace /run/netns/{@code name} (setns(2)). */
    static void joinNamespace(String name) {
        NsLibC libc = LibraryLoader.create(NsLibC.class).load("c");
        Runtime runtime = Runtime.getRuntime(libc);
        int fd = libc.open("/run/netns/" + name, O_RDONLY_CLOEXEC);
        if (fd < 0) throw new IllegalStateException("open /run/netns/" + name + ": errno " + runtime.getLastError());
        int rc = libc.setns(fd, CLONE_NEWNET);
        int errno = runtime.getLastError();
        libc.close(fd);
        if (rc != 0) throw new IllegalStateException("setns " + name + ": errno " + errno);
    }

    /** An IpvsClient whose socket lives in /run/netns/{@code name}: opened by a thread that joined it. */
    static IpvsClient openIn(String name) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(
                () -> {
                    try {
                        joinNamespace(name);
                        result.set(IpvsClient.open());
                    } catch (Throwable e) {
                        result.set(e);
                    }
                },
                "netns-" + name);
        t.start();
        t.join(60_000);
        Object r = result.get();
        if (r instanceof IpvsClient c) return c;
        throw new IllegalStateException("no IPVS client in namespace " + name, (Throwable) r);
    }

    // ---- the counting decorator -------------------------------------------------------------------------

    /** Counts dumps and apply() calls of the kernel it wraps. */
    static final class Counting implements IpvsKernel {
        final IpvsKernel inner;
        /** Every step handed to the kernel, alone or in a batch. */
        final List<Step> applies = new ArrayList<>();

        int dumps;
        int batches;

        Counting(IpvsKernel inner) {
            this.inner = inner;
        }

        void reset() {
            applies.clear();
            dumps = 0;
            batches = 0;
        }

        @Override
        public Table dump() {
            dumps++;
            return inner.dump();
        }

        @Override
        public void apply(Step step) {
            applies.add(step);
            inner.apply(step);
        }

        /** The reconciler sends a plan through here: the wrapped kernel's own batch path, every step counted. */
        @Override
        public SortedMap<Integer, RuntimeException> applyAll(List<Step> steps) {
            applies.addAll(steps);
            batches++;
            return inner.applyAll(steps);
        }
    }

    // ---- ipvsadm listings ---------------------------------------------------------------------------------

    /** Service line -> its destination lines, whitespace collapsed; the header lines are dropped. */
    static Map<String, List<String>> parseListing(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String raw : text.lines().toList()) {
            String line = raw.strip().replaceAll("\\s+", " ");
            if (line.isEmpty()
                    || line.startsWith("IP Virtual Server")
                    || line.startsWith("Prot ")
                    || line.startsWith("-> RemoteAddress")) {
                continue;
            }
            if (line.startsWith("-> ")) {
                if (current == null) throw new AssertionError("destination before any service: " + raw);
                current.add(line);
            } else if (line.matches("(TCP|UDP|SCTP|FWM) .*")) {
                current = new ArrayList<>();
                if (out.put(line, current) != null) throw new AssertionError("service listed twice: " + raw);
            } else {
                throw new AssertionError("unexpected line: " + raw);
            }
        }
        return out;
    }

    /** "TCP 10.1.0.1:80 wrr ..." -> "TCP 10.1.0.1:80". */
    static String serviceId(String line) {
        String[] f = line.split(" ");
        return f[0] + " " + f[1];
    }

    static void expectListing(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        List<String> problems = new ArrayList<>();
        for (var e : expected.entrySet()) {
            List<String> got = actual.get(e.getKey());
            if (got == null) problems.add("missing service line '" + e.getKey() + "'");
            else if (!new TreeSet<>(got).equals(new TreeSet<>(e.getValue()))
                    || got.size() != e.getValue().size()) {
                problems.add("'" + e.getKey() + "': destinations " + got + ", expected " + e.getValue());
            }
        }
        for (String k : actual.keySet()) {
            if (!expected.containsKey(k)) problems.add("unexpected service line '" + k + "'");
        }
        if (!problems.isEmpty()) throw new AssertionError(String.join("; ", problems));
    }

    // ---- table helpers ----------------------------------------------------------------------------------

    static void expectTable(Table expected, Table actual) {
        // the kernel's active connection counts are bookkeeping, not settings
        Table.Builder b = new Table.Builder();
        for (Table.Entry e : actual.services().values()) {
            b.service(e.service());
            for (Destination d : e.destinations().values()) {
                b.destination(
                        e.service().key(),
                        new Destination(
                                d.address(),
                                d.port(),
                                d.forwarding(),
                                d.tunnelType(),
                                d.tunnelPort(),
                                d.tunnelChecksum(),
                                d.weight(),
                                d.upperThreshold(),
                                d.lowerThreshold(),
                                d.draining(),
                                0));
            }
        }
        Table got = b.build();
        if (got.equals(expected)) return;
        List<String> problems = new ArrayList<>();
        for (var e : expected.services().entrySet()) {
            Table.Entry g = got.services().get(e.getKey());
            if (g == null) {
                problems.add("missing " + e.getKey());
                continue;
            }
            if (!g.service().equals(e.getValue().service()))
                problems.add(e.getKey() + ": " + g.service() + " != expected "
                        + e.getValue().service());
            for (var d : e.getValue().destinations().entrySet()) {
                Destination gd = g.destinations().get(d.getKey());
                if (!d.getValue().equals(gd))
                    problems.add(e.getKey() + " " + d.getKey() + ": " + gd + " != expected " + d.getValue());
            }
            for (var d : g.destinations().keySet()) {
                if (!e.getValue().destinations().containsKey(d))
                    problems.add(e.getKey() + ": unexpected destination " + d);
            }
        }
        for (var k : got.services().keySet()) {
            if (!expected.services().containsKey(k)) problems.add("unexpected service " + k);
        }
        throw new AssertionError("kernel table differs: " + String.join("; ", problems));
    }

    static String describe(Step step) {
        if (step instanceof Step.AddService a)
            return "add service " + a.service().key();
        if (step instanceof Step.AddDestination a)
            return "add destination " + a.destination().key() + " to " + a.service();
        return String.valueOf(step);
    }

    static void expectEqual(String what, Object expected, Object actual) {
        if (!expected.equals(actual)) throw new AssertionError(what + ": " + actual + ", expected " + expected);
    }

    static InetAddress ip(String s) {
        return Addresses.parse(s).orElseThrow(() -> new IllegalArgumentException(s));
    }

    static ServiceKey tcp(String address, int port) {
        return ServiceKey.inet(ip(address), port, Protocol.TCP);
    }

    static Service svc(
            ServiceKey key, Scheduler s, Set<SchedulerFlag> flags, Duration persistence, int prefix, boolean ops) {
        return new Service(key, s, flags, persistence, prefix, ops);
    }

    static Destination dest(String address, int port, Forwarding f, int weight, int upper, int lower) {
        return new Destination(ip(address), port, f, null, null, null, weight, upper, lower, false, 0);
    }

    static Destination tunCsum(
            String address, int port, TunnelType type, Integer tunnelPort, TunnelChecksum csum, int weight) {
        return new Destination(ip(address), port, Forwarding.TUN, type, tunnelPort, csum, weight, 0, 0, false, 0);
    }

    static Destination tun(
            String address, int port, TunnelType type, Integer tunnelPort, int weight, int upper, int lower) {
        return new Destination(
                ip(address),
                port,
                Forwarding.TUN,
                type,
                tunnelPort,
                TunnelChecksum.NONE,
                weight,
                upper,
                lower,
                false,
                0);
    }

    // ---- processes -------------------------------------------------------------------------------------

    record Run(int exit, String output) {}

    static Run run(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + script);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a bash script; its output, or an AssertionError with it when it exits non-zero. */
    static String sh(String script) throws IOException, InterruptedException {
        Run r = run(script);
        if (r.exit != 0) throw new AssertionError("exit " + r.exit + " of [" + script.strip() + "]: " + r.output);
        return r.output;
    }

    static String indent(String s) {
        return s.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }
}
