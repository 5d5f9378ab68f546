package io.fulcrum.agent.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DR real-server role for real, on this host's kernel, inside two throwaway network namespaces joined by
 * a veth pair: RS (the real server, 10.99.0.1/24, where the role runs in a child JVM started with
 * {@code ip netns exec}) and CL (a neighbour on the same segment, 10.99.0.2/24, with 10.99.9.0/24 on-link so
 * it ARPs for the VIPs). Checked from outside with {@code ip} and {@code sysctl}, as an operator would.
 */
class RealServerRoleNetnsIT {
    static final String PRE_EXISTING_VIP = "10.99.9.9";
    static final String VIP = "10.99.9.10";
    static final String VIP6 = "2001:db8::10";
    static final String RS_ADDRESS = "10.99.0.1";
    static final List<String> ARP_SYSCTLS = List.of(
            "net.ipv4.conf.all.arp_ignore",
            "net.ipv4.conf.lo.arp_ignore",
            "net.ipv4.conf.all.arp_announce",
            "net.ipv4.conf.lo.arp_announce");

    String rs;
    String cl;

    @BeforeEach
    void namespaces() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "needs iproute2");
        String tag = Long.toString(ProcessHandle.current().pid())
                + ThreadLocalRandom.current().nextInt(1000);
        rs = "fcrs" + tag;
        cl = "fccl" + tag;
        sh("ip", "netns", "add", rs);
        sh("ip", "netns", "add", cl);
        sh("ip", "-n", rs, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", cl);
        for (String[] ns : new String[][] {{rs, RS_ADDRESS}, {cl, "10.99.0.2"}}) {
            sh("ip", "-n", ns[0], "addr", "add", ns[1] + "/24", "dev", "eth0");
            sh("ip", "-n", ns[0], "link", "set", "eth0", "up");
            sh("ip", "-n", ns[0], "link", "set", "lo", "up");
        }
        sh("ip", "-n", cl, "route", "add", "10.99.9.0/24", "dev", "eth0");
        // an address the operator put there before Fulcrum: it must survive stop
        sh("ip", "-n", rs, "addr", "add", PRE_EXISTING_VIP + "/32", "dev", "lo");
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (rs != null) {
            run("ip", "netns", "del", rs);
            run("ip", "netns", "del", cl);
        }
    }

    @Test
    void drPutsVipsOnLoopbackSilencesArpAndUndoesItAll() throws Exception {
        List<String> loBefore = loAddresses();
        Map<String, String> sysctlsBefore = sysctls();
        assertThat(sysctlsBefore).containsValues("0");
        // control: with the kernel's defaults the real server answers ARP for any local address, even one on lo
        assertThat(arpProbe(PRE_EXISTING_VIP))
                .as("ARP for a lo address before start")
                .matches(answered());

        try (RoleProcess role = new RoleProcess(rs, "DR", PRE_EXISTING_VIP, VIP, VIP6)) {
            assertThat(role.send("start")).startsWith("OK start");
            assertThat(role.send("start")).as("idempotent").startsWith("OK start");

            List<String> lo = loAddresses();
            assertThat(lo)
                    .containsOnlyOnce(
                            VIP + "/32 scope host", VIP6 + "/128 scope global", PRE_EXISTING_VIP + "/32 scope global");
            assertThat(lo).containsAll(loBefore);
            assertThat(sysctls())
                    .isEqualTo(Map.of(
                            "net.ipv4.conf.all.arp_ignore",
                            "1",
                            "net.ipv4.conf.lo.arp_ignore",
                            "1",
                            "net.ipv4.conf.all.arp_announce",
                            "2",
                            "net.ipv4.conf.lo.arp_announce",
                            "2"));
            assertThat(sh("ip", "-n", rs, "route", "get", VIP)).startsWith("local " + VIP);
            assertThat(sh("ip", "-n", rs, "-6", "route", "get", VIP6)).startsWith("local " + VIP6);

            assertThat(arpProbe(VIP)).as("ARP for the VIP").matches(unanswered());
            assertThat(arpProbe(PRE_EXISTING_VIP))
                    .as("ARP for the pre-existing lo address")
                    .matches(unanswered());
            assertThat(arpProbe(RS_ADDRESS))
                    .as("ARP for the real server's own address")
                    .matches(answered());

            assertThat(role.send("stop")).isEqualTo("OK stop []");
            assertThat(loAddresses())
                    .containsExactlyInAnyOrderElementsOf(loBefore)
                    .contains(PRE_EXISTING_VIP + "/32 scope global");
            assertThat(sysctls()).isEqualTo(sysctlsBefore);
            assertThat(role.send("quit")).isEqualTo("OK quit");
            assertThat(role.exitCode()).isZero();
        }
        assertThat(arpProbe(PRE_EXISTING_VIP))
                .as("ARP for the lo address after stop")
                .matches(answered());
    }

    // ---- helpers ----

    static String answered() {
        return "(?s).*lladdr \\S+ (REACHABLE|STALE|DELAY|PROBE).*";
    }

    static String unanswered() {
        return "(?s)(?!.*lladdr).*(INCOMPLETE|FAILED).*";
    }

    /** Makes CL resolve {@code ip} (a UDP datagram to it) and returns its neighbour entry once settled. */
    String arpProbe(String ip) throws Exception {
        run("ip", "-n", cl, "neigh", "flush", "dev", "eth0");
        sh("ip", "netns", "exec", cl, "bash", "-c", "echo probe > /dev/udp/" + ip + "/9");
        String entry = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            entry = sh("ip", "-n", cl, "neigh", "show", "to", ip, "dev", "eth0").trim();
            if (entry.contains("lladdr") || entry.contains("FAILED")) {
                return entry;
            }
            Thread.sleep(100);
        }
        return entry;
    }

    /** "ADDRESS/PREFIX scope SCOPE" for each address on RS's lo. */
    List<String> loAddresses() throws Exception {
        List<String> addresses = new ArrayList<>();
        Matcher m = Pattern.compile("\\binet6? (\\S+) .*?scope (\\S+)")
                .matcher(sh("ip", "-n", rs, "-o", "addr", "show", "dev", "lo"));
        while (m.find()) {
            addresses.add(m.group(1) + " scope " + m.group(2));
        }
        return addresses;
    }

    Map<String, String> sysctls() throws Exception {
        Map<String, String> values = new TreeMap<>();
        for (String key : ARP_SYSCTLS) {
            values.put(key, sh("ip", "netns", "exec", rs, "sysctl", "-n", key).trim());
        }
        return values;
    }

    static String sh(String... command) throws Exception {
        Result result = run(command);
        if (result.code != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.code + ": " + result.output);
        }
        return result.output;
    }

    record Result(int code, String output) {}

    static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        return new Result(process.exitValue(), output);
    }

    /** {@link RealServerRoleMain} in a child JVM inside namespace {@code ns}. */
    static final class RoleProcess implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final BufferedWriter in;

        RoleProcess(String ns, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    "ip",
                    "netns",
                    "exec",
                    ns,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    RealServerRoleMain.class.getName()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (!"READY".equals(ready)) {
                throw new AssertionError("role process said " + ready);
            }
        }

        String send(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            String reply = out.readLine();
            if (reply == null) {
                throw new AssertionError("role process ended on " + command);
            }
            return reply;
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("role process did not exit");
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
