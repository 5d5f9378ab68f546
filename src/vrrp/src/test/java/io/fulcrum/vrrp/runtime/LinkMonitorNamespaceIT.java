package io.fulcrum.vrrp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.netlink.Netlink;
import io.fulcrum.netlink.NetlinkSocket;
import io.fulcrum.netlink.route.LinkMonitor;
import io.fulcrum.netlink.route.RouteClient;
import io.fulcrum.netlink.route.Rtnetlink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The link notifications of a real kernel, in a network namespace of this test's own: a monitor whose
 * receive buffer is far too small for a burst of link changes sees the overrun (ENOBUFS) and answers
 * with one dump of every link. The monitor runs in its own JVM ({@link Probe}) in the namespace.
 */
class LinkMonitorNamespaceIT {
    static final AtomicInteger RUN = new AtomicInteger();

    @Test
    void aBurstThatOverrunsTheSocketEndsInOneCompleteDump() throws Exception {
        try (Lab lab = new Lab("fl" + ProcessHandle.current().pid() % 10000 + "n" + RUN.incrementAndGet(), 1)) {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process probe = lab.start(
                    lab.node(1),
                    lab.dir,
                    lab.dir.resolve("probe.log"),
                    java,
                    "-Xmx64m",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Probe.class.getName());
            lab.await(
                    "the probe subscribed",
                    VrrpNamespaceIT.START,
                    () -> lab.log("probe.log").contains("subscribed"));

            // 20 veth pairs (two links each, several notifications per link), then 10 of them deleted: far beyond a few
            // KiB
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 20; i++)
                batch.append("link add vx")
                        .append(i)
                        .append(" type veth peer name vy")
                        .append(i)
                        .append('\n');
            for (int i = 0; i < 10; i++) batch.append("link del vx").append(i).append('\n');
            Path commands = lab.write("burst.ip", batch.toString());
            Lab.sh("ip", "-n", lab.node(1), "-batch", commands.toString()).orFail();

            probe.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
            probe.getOutputStream().flush();
            assertThat(probe.waitFor(30, TimeUnit.SECONDS)).as("the probe ends").isTrue();
            String out = lab.log("probe.log");
            assertThat(out).as(out).contains("complete batch");
            String complete = out.lines()
                    .filter(l -> l.startsWith("complete batch"))
                    .findFirst()
                    .orElseThrow();
            for (int i = 10; i < 20; i++) assertThat(complete).contains(" vx" + i + " ", " vy" + i + " ");
            for (int i = 0; i < 10; i++) assertThat(complete).doesNotContain(" vx" + i + " ", " vy" + i + " ");
            assertThat(complete).contains(" lo ", " eth0 ");
        }
    }

    /** In the namespace: subscribes with a tiny buffer, waits for "go" on stdin, then reads batches until the complete one. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            NetlinkSocket socket = NetlinkSocket.open(
                    Netlink.NETLINK_ROUTE, 1024, Duration.ofSeconds(10)); // the kernel's minimum, some 4 KiB
            socket.subscribe(Rtnetlink.RTNLGRP_LINK);
            try (LinkMonitor monitor = new LinkMonitor(socket, RouteClient.open())) {
                System.out.println("subscribed");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
                for (int i = 0; i < 1000; i++) {
                    LinkMonitor.Batch b = monitor.next(Duration.ofSeconds(2));
                    List<String> names = new ArrayList<>();
                    for (LinkMonitor.Event e : b.events())
                        names.add(e.link().name() + (e.removed() ? "(removed)" : ""));
                    System.out.println(
                            (b.complete() ? "complete batch" : "batch") + " " + String.join(" ", names) + " ");
                    if (b.complete() || b.events().isEmpty()) break;
                }
            }
        }
    }
}
