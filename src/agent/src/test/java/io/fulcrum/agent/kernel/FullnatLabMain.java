package io.fulcrum.agent.kernel;

import static io.fulcrum.agent.kernel.AgentIpvsLabMain.run;
import static io.fulcrum.agent.kernel.AgentIpvsLabMain.sh;

import io.fulcrum.agent.fullnat.FullnatReconciler;
import io.fulcrum.agent.fullnat.FullnatRules;
import io.fulcrum.agent.realserver.ProcSysctl;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.kernellab.Checks;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.netlink.nftables.Nftables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * FULLNAT with real traffic, in a kernel-lab VM: the agent's reconcilers (IPVS over netlink, the
 * source NAT through libnftables) run on a thread that joined the "director" namespace; the real
 * servers have a route to the director's local addresses only (their own subnet, no default route),
 * so a reply reaches the client only when the director rewrote the source. Many connections go through
 * one local address, then through a pool of two. {@code nft} and {@code ipvsadm} only observe.
 */
public final class FullnatLabMain {
    private FullnatLabMain() {}

    static final String WEB = "/run/fulcrum-fullnat-lab";

    /**
     * client 10.10.0.2 -- director: VIP 10.10.0.100 on c0, 10.20.0.1 and the local addresses 10.20.0.50,
     * .51 on a bridge -- rs1 10.20.0.11, rs2 10.20.0.12 (python3 http.server), with no default route.
     */
    static final String SETUP = """
            set -e
            web=%1$s; mkdir -p $web
            for ns in client director rs1 rs2; do ip netns add $ns; ip -n $ns link set lo up; done
            ip -n director link add c0 type veth peer name c1 netns client
            ip -n director addr add 10.10.0.1/24 dev c0; ip -n director link set c0 up
            ip -n director addr add 10.10.0.100/32 dev c0
            ip -n client addr add 10.10.0.2/24 dev c1; ip -n client link set c1 up
            ip -n client route add default via 10.10.0.1
            ip -n director link add br-rs type bridge; ip -n director link set br-rs up
            ip -n director addr add 10.20.0.1/24 dev br-rs
            ip -n director addr add 10.20.0.50/24 dev br-rs
            ip -n director addr add 10.20.0.51/24 dev br-rs
            for i in 1 2; do
              ip -n director link add r$i type veth peer name e$i netns rs$i
              ip -n director link set r$i master br-rs; ip -n director link set r$i up
              ip -n rs$i addr add 10.20.0.1$i/24 dev e$i; ip -n rs$i link set e$i up
              mkdir -p $web/rs$i; echo rs$i > $web/rs$i/index.html
              ip netns exec rs$i /usr/bin/python3 -m http.server 80 --bind 10.20.0.1$i --directory $web/rs$i \\
                </dev/null >$web/rs$i.log 2>&1 &
              echo $! >> $web/pids
            done
            ip netns exec director sysctl -qw net.ipv4.ip_forward=1
            """.formatted(WEB);

    static ConfigDocument doc(String pool, boolean withService) {
        String vs = withService ? """
                virtualServers:
                  - name: web
                    address: 10.10.0.100
                    port: 80
                    scheduler: rr
                    forwarding: fullnat
                    directors: [lb1]
                    realServers: [{name: rs1, address: 10.20.0.11}, {name: rs2, address: 10.20.0.12}]
                """ : "";
        return DocumentCodec.decodeDocument(DocumentCodec.parse("""
                        apiVersion: fulcrum/v1
                        directors:
                          - {name: lb1, managementAddress: 10.10.0.1, fullnatAddresses: [%s]}
                        """.formatted(pool) + vs), false);
    }

    /** The agent's parts, created and used on the director namespace's one thread. */
    static final class Agent {
        final IpvsClient ipvs = IpvsClient.open();
        final Nftables nft = Nftables.open();
        final Reconciler ipvsReconciler = new Reconciler(new NetlinkIpvsKernel(ipvs), Set.of(), false, s -> {});
        FullnatReconciler fullnat = new FullnatReconciler(nft, new ProcSysctl());

        FullnatReconciler.Result apply(ConfigDocument doc) {
            FullnatReconciler.Result f =
                    fullnat.reconcile(FullnatRules.forDirector(doc, "lb1").rules());
            if (!f.converged()) throw new AssertionError("fullnat: " + f.failure(), f.failure());
            Reconciler.Result r = ipvsReconciler.reconcile(DesiredTables.forDirector(doc, "lb1"));
            if (!r.converged()) throw new AssertionError("ipvs: " + r.failures());
            return f;
        }
    }

    public static void main(String[] args) throws Exception {
        Checks checks = new Checks();
        checks.run("fullnat_namespaces_created", () -> sh(SETUP));
        ExecutorService director = inNamespace("director");
        try {
            Agent agent = on(director, Agent::new);
            checks.run("real_servers_have_no_route_to_the_client", () -> {
                var r = run("ip netns exec rs1 ip route get 10.10.0.2");
                if (r.exit() == 0) throw new AssertionError("rs1 routes to the client: " + r.output());
            });
            checks.run("fullnat_one_address_applied", () -> {
                on(director, () -> agent.apply(doc("10.20.0.50", true)));
                if (!"1"
                        .equals(sh("ip netns exec director sysctl -n net.ipv4.vs.conntrack")
                                .strip())) throw new AssertionError("net.ipv4.vs.conntrack is not 1");
                String rules = sh("ip netns exec director nft list table inet fulcrum_fullnat");
                System.out.println(AgentIpvsLabMain.indent(rules));
                if (!rules.contains("ct original ip daddr 10.10.0.100 ct original proto-dst 80 snat ip to 10.20.0.50"))
                    throw new AssertionError("no snat rule: " + rules);
            });
            checks.run("traffic_backends_up", () -> {
                for (int t = 0; t < 60; t++) {
                    if (run("ip netns exec rs1 curl -s -o /dev/null --max-time 2 http://10.20.0.11/"
                                            + " && ip netns exec rs2 curl -s -o /dev/null --max-time 2 http://10.20.0.12/")
                                    .exit()
                            == 0) return;
                    Thread.sleep(1000);
                }
                throw new AssertionError("the real servers' http.server did not come up");
            });
            checks.run("traffic_many_connections_through_one_address", () -> {
                Map<String, Long> sources = traffic(200);
                if (!sources.keySet().equals(Set.of("10.20.0.50")))
                    throw new AssertionError("real servers saw " + sources + ", expected 10.20.0.50 only");
                // the director's conntrack holds the flows IPVS has not expired yet (a closed one goes after
                // IPVS's CLOSE timeout, 10 s, which the run under emulation outlasts): each is translated
                // to the one local address
                List<String> flows = sh("ip netns exec director cat /proc/net/nf_conntrack")
                        .lines()
                        .filter(l -> l.contains("dst=10.10.0.100"))
                        .toList();
                long through = flows.stream()
                        .filter(l -> l.contains("dst=10.20.0.50 "))
                        .count();
                System.out.println(
                        "    conntrack flows of the service: " + flows.size() + ", through 10.20.0.50: " + through);
                if (flows.isEmpty() || through != flows.size())
                    throw new AssertionError(through + " of " + flows.size() + " flows through 10.20.0.50: " + flows);
            });
            checks.run("fullnat_pool_applied", () -> {
                var f = on(director, () -> agent.apply(doc("10.20.0.50, 10.20.0.51", true)));
                if (f.plan().add().size() != 1 || f.plan().delete().size() != 1)
                    throw new AssertionError("a pool change is one rule in, one out: " + f.plan());
                String rules = sh("ip netns exec director nft list table inet fulcrum_fullnat");
                System.out.println(AgentIpvsLabMain.indent(rules));
                if (!rules.contains("snat ip to numgen inc mod 2 map { 0 : 10.20.0.50, 1 : 10.20.0.51 }"))
                    throw new AssertionError("no pool rule: " + rules);
            });
            checks.run("traffic_many_connections_through_a_pool", () -> {
                Map<String, Long> sources = traffic(200);
                if (!sources.keySet().equals(Set.of("10.20.0.50", "10.20.0.51")))
                    throw new AssertionError("real servers saw " + sources + ", expected both pool addresses; the"
                            + " director's ruleset:\n" + sh("ip netns exec director nft -a list ruleset")
                            + "\nits conntrack (first 5 of the service):\n"
                            + sh("ip netns exec director grep -m5 'dst=10.10.0.100' /proc/net/nf_conntrack; true"));
            });
            checks.run("restarted_agent_leaves_wanted_rules_alone", () -> {
                String before = sh("ip netns exec director nft -a list table inet fulcrum_fullnat");
                var f = on(director, () -> {
                    agent.fullnat = new FullnatReconciler(agent.nft, new ProcSysctl());
                    return agent.apply(doc("10.20.0.50, 10.20.0.51", true));
                });
                if (!f.plan().isEmpty()) throw new AssertionError("a restart changed: " + f.plan());
                String after = sh("ip netns exec director nft -a list table inet fulcrum_fullnat");
                if (!before.equals(after)) throw new AssertionError("rules changed:\n" + before + "\n" + after);
            });
            checks.run("removed_virtual_server_takes_its_rule_and_table", () -> {
                on(director, () -> agent.apply(doc("10.20.0.50, 10.20.0.51", false)));
                String tables = sh("ip netns exec director nft list tables");
                if (tables.contains("fulcrum_fullnat")) throw new AssertionError("table left: " + tables);
                String ln = sh("ip netns exec director ipvsadm -Ln");
                if (ln.contains("10.10.0.100")) throw new AssertionError("service left: " + ln);
            });
        } finally {
            director.shutdownNow();
            run("kill $(cat " + WEB + "/pids) 2>/dev/null; true");
        }
        checks.exit();
    }

    /**
     * {@code n} (at most 1,000) HTTP/1.0 requests from the client, 25 at a time (a connection each); all
     * must answer.
     * The bodies go to /dev/null: written to the same output as the status codes, the parallel transfers'
     * bodies could share lines with them (195 of 200 counted once, every request answered or not).
     * Returns the source addresses the real servers logged for them, with their counts.
     */
    static Map<String, Long> traffic(int n) throws Exception {
        String tag = "t" + (++trafficRuns);
        // source ports of this run's own: the kernel would give the next run the ports this one had,
        // and the director's conntrack, still holding those flows, would keep their first source address
        int firstPort = 20_000 + trafficRuns * 1_000;
        String out = sh("ip netns exec client curl -sS --max-time 20 --parallel --parallel-max 25 -o /dev/null"
                + " --local-port " + firstPort + "-" + (firstPort + 999) + " -w '%{http_code}\\n'"
                + " 'http://10.10.0.100/?" + tag + "&n=[1-" + n + "]'");
        long ok = out.lines().filter(l -> l.strip().equals("200")).count();
        if (ok != n) throw new AssertionError(ok + " of " + n + " requests answered: " + out);
        // this call's requests alone: a line another request wrote late must not count here
        List<String> lines = logLines(tag);
        for (int t = 0; t < 20 && lines.size() < n; t++) {
            Thread.sleep(250);
            lines = logLines(tag);
        }
        Map<String, Long> sources = lines.stream()
                .collect(Collectors.groupingBy(
                        l -> l.substring(0, l.indexOf(' ')), TreeMap::new, Collectors.counting()));
        System.out.println("    sources the real servers saw: " + sources);
        return sources;
    }

    private static int trafficRuns;

    /** The request lines both real servers logged ("ADDRESS - - [date] ...") for the requests tagged {@code tag}. */
    static List<String> logLines(String tag) throws Exception {
        return Stream.of("rs1", "rs2")
                .flatMap(rs -> {
                    try {
                        return Files.readAllLines(Path.of(WEB, rs + ".log")).stream();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .filter(l -> l.contains(" - - [") && l.contains("?" + tag + "&"))
                .toList();
    }

    /** One thread that joined /run/netns/{@code name}: sockets it opens belong to that namespace. */
    static ExecutorService inNamespace(String name) throws Exception {
        ExecutorService e = Executors.newSingleThreadExecutor(r -> new Thread(r, "netns-" + name));
        on(e, () -> {
            AgentIpvsLabMain.joinNamespace(name);
            return null;
        });
        return e;
    }

    static <T> T on(ExecutorService e, Callable<T> c) throws Exception {
        try {
            return e.submit(c).get(120, TimeUnit.SECONDS);
        } catch (ExecutionException x) {
            if (x.getCause() instanceof Exception ex) throw ex;
            if (x.getCause() instanceof Error er) throw er;
            throw x;
        }
    }
}
