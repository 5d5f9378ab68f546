package io.fulcrum.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.fullnat.FullnatReconciler;
import io.fulcrum.agent.realserver.FakeSysctl;
import io.fulcrum.agent.reconcile.FakeKernel;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.health.HealthEvent;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.netlink.nftables.NftablesException;
import io.fulcrum.runtime.LogCapture;
import io.fulcrum.vrrp.machine.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent loop on a fake kernel: the --state file mode, and offered states with their outcomes. */
class AgentLoopTest {
    static final String DOC = """
            apiVersion: fulcrum/v1
            directors: [{name: lb1, managementAddress: 10.0.0.1}]
            virtualServers:
              - name: web
                address: 192.168.10.100
                port: 80
                scheduler: wrr
                forwarding: dr
                directors: [lb1]
                realServers:
                  - {name: a, address: 192.168.10.11, weight: 3}
                  - {name: b, address: 192.168.10.12}
            """;

    @TempDir
    Path dir;

    final FakeKernel kernel = new FakeKernel();
    final ManualHealth health = new ManualHealth();
    final LogCapture output = LogCapture.start();
    final AgentLoop loop = new AgentLoop(
            "lb1", kernel, new Reconciler(kernel, Set.of(), false, owned -> {}), health.monitor, Duration.ofHours(1));
    LoopThread thread;

    void start() {
        thread = LoopThread.start(loop);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) thread.stop();
        else loop.stop();
        health.monitor.close();
        output.close();
    }

    static ConfigDocument doc(String yaml) {
        return DocumentCodec.decodeDocument(DocumentCodec.parse(yaml), false);
    }

    /** address -> weight of the kernel's destinations, read on the loop's thread (a status read also wakes it for a round). */
    TreeMap<String, Integer> weights() throws Exception {
        TreeMap<String, Integer> w = new TreeMap<>();
        for (ServiceStats s : loop.status().get(10, TimeUnit.SECONDS).kernel()) {
            for (ServiceStats.DestinationStats d : s.destinations())
                w.put(d.key().address().getHostAddress(), d.weight());
        }
        return w;
    }

    Path write(String yaml, int secondsAfterEpoch) throws IOException {
        Path f = dir.resolve("lb.yaml");
        Files.writeString(f, yaml);
        Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + secondsAfterEpoch)));
        return f;
    }

    String output() {
        return output.text();
    }

    /**
     * Waits (bounded) until {@code done}, waking the loop for a round each time (its interval is an
     * hour): a status read may be answered by a round that read the file just before it changed.
     */
    void eventually(Callable<Boolean> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.call()) {
            loop.status().get(10, TimeUnit.SECONDS); // a round, that reads the file
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s; output:\n" + output());
            Thread.sleep(5);
        }
    }

    @Test
    void theFileIsAppliedAtStartAndAgainWhenItChanges() throws Exception {
        loop.watching(write(DOC, 1));
        start();
        eventually(() -> weights().size() == 2);
        assertThat(weights()).containsExactly(Map.entry("192.168.10.11", 3), Map.entry("192.168.10.12", 1));

        write(DOC.replace("weight: 3}", "weight: 5}"), 2);
        eventually(() -> weights().get("192.168.10.11") == 5);
        assertThat(output())
                .contains("loaded " + dir.resolve("lb.yaml") + ": 1 service(s) for 'lb1', 0 health check(s)");
    }

    @Test
    void aBadFileIsReportedAndThePreviousStateStaysInForce() throws Exception {
        loop.watching(write(DOC, 1));
        start();
        eventually(() -> weights().size() == 2);
        kernel.requests.clear();

        write(DOC.replace("weight: 3}", "weight: -3}"), 2);
        eventually(() -> output().contains("invalid configuration: /virtualServers/0/realServers/0/weight"));
        assertThat(weights()).containsEntry("192.168.10.11", 3);
        write(
                DOC.replace("name: lb1, managementAddress", "name: lb9, managementAddress")
                        .replace("[lb1]", "[lb9]"),
                3);
        eventually(() -> output().contains("no director named 'lb1'"));
        assertThat(weights()).containsEntry("192.168.10.11", 3);

        assertThat(kernel.requests).isEmpty();
        assertThat(output()).contains("keeping the previous desired state");
    }

    @Test
    void anOfferedStateIsAppliedAndItsOutcomeSaysSo() throws Exception {
        start();
        Outcome o = loop.offer(doc(DOC), "revision 1").get(10, TimeUnit.SECONDS);

        assertThat(o)
                .isInstanceOfSatisfying(
                        Outcome.Applied.class, a -> assertThat(a.steps()).isEqualTo(3));
        assertThat(weights()).hasSize(2);
    }

    @Test
    void withoutIpvsAnOfferedStateIsInForceAndTheTableFollowsOnceIpvsIsThere() throws Exception {
        kernel.missing = "this kernel has no IPVS";
        start();

        Outcome o = loop.offer(doc(DOC), "revision 1").get(10, TimeUnit.SECONDS);

        assertThat(o)
                .isInstanceOfSatisfying(
                        Outcome.Applied.class, a -> assertThat(a.steps()).isZero());
        StatusSnapshot s = loop.status().get(10, TimeUnit.SECONDS);
        assertThat(s.ipvsUnavailable()).isEqualTo("this kernel has no IPVS");
        assertThat(s.document()).isNotNull();
        assertThat(s.kernel()).isEmpty();
        assertThat(kernel.requests).isEmpty();
        assertThat(output()).contains("IPVS unavailable: this kernel has no IPVS; VRRP and health checks run on");

        kernel.missing = null; // modprobe ip_vs
        eventually(() -> weights().size() == 2);
        assertThat(loop.status().get(10, TimeUnit.SECONDS).ipvsUnavailable()).isNull();
        assertThat(output()).contains("IPVS is available now: programming the kernel's table");
    }

    @Test
    void aRefusedStepIsTriedOnceMoreFromAFreshDump() throws Exception {
        start();
        int[] refusals = {0};
        kernel.refuse =
                s -> s instanceof Step.AddDestination a && a.destination().weight() == 3 && refusals[0]++ == 0;

        assertThat(loop.offer(doc(DOC), "revision 1").get(10, TimeUnit.SECONDS)).isInstanceOf(Outcome.Applied.class);
        assertThat(weights()).hasSize(2);
    }

    @Test
    void aKernelFailureWithNoPreviousStateLeavesWhatTookEffectAndReconcilesNothing() throws Exception {
        start();
        kernel.refuse =
                s -> s instanceof Step.AddDestination a && a.destination().weight() == 3;

        Outcome o = loop.offer(doc(DOC), "revision 1").get(10, TimeUnit.SECONDS);

        assertThat(o)
                .isInstanceOfSatisfying(
                        Outcome.KernelFailed.class,
                        k -> assertThat(k.failures())
                                .singleElement()
                                .satisfies(f -> assertThat(f.step()).isInstanceOf(Step.AddDestination.class)));
        assertThat(weights()).containsOnlyKeys("192.168.10.12");
        assertThat(loop.status().get(10, TimeUnit.SECONDS).document()).isNull();
        assertThat(output()).contains("there is no previous desired state");
    }

    @Test
    void anOfferWhenTheLoopHasStoppedEndsAtOnce() throws Exception {
        start();
        thread.stop();

        var f = loop.offer(doc(DOC), "revision 1");
        assertThat(f).isCompletedExceptionally();
        assertThat(List.of(kernel.requests.size())).containsExactly(0);
    }

    @Test
    void aFullnatFailureFailsTheOfferAndIsToldOnce() throws Exception {
        String fullnatDoc = DOC.replace(
                        "managementAddress: 10.0.0.1}", "managementAddress: 10.0.0.1, fullnatAddresses: [10.20.0.50]}")
                .replace("forwarding: dr", "forwarding: fullnat");
        List<String> notices = new CopyOnWriteArrayList<>();
        loop.fullnat(new FullnatReconciler(
                json -> {
                    if (json.contains("\"list\"")) return "{\"nftables\":[]}";
                    throw new NftablesException("nftables refused the command: Operation not supported");
                },
                new FakeSysctl().with(FullnatReconciler.CONNTRACK_SYSCTL, "1")));
        loop.addListener(new LoopListener() {
            @Override
            public void health(HealthEvent event) {}

            @Override
            public void vrrp(Instant at, String group, State from, State to, String reason) {}

            @Override
            public void notice(Instant at, String kind, String subject, String message) {
                notices.add(kind + ": " + message);
            }
        });
        start();

        Outcome o = loop.offer(doc(fullnatDoc), "revision 1").get(10, TimeUnit.SECONDS);

        assertThat(o)
                .isInstanceOfSatisfying(
                        Outcome.KernelFailed.class,
                        k -> assertThat(k.failures()).singleElement().satisfies(f -> {
                            assertThat(f.step()).isNull();
                            assertThat(f.message())
                                    .isEqualTo("fullnat: nftables refused the command: Operation not supported");
                        }));
        assertThat(loop.status().get(10, TimeUnit.SECONDS).document()).isNull();
        assertThat(notices).containsExactly("fullnat: fullnat: nftables refused the command: Operation not supported");
    }
}
