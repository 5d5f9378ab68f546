package io.fulcrum.vrrp.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A segment of network namespaces for the VRRP integration tests: a bridge in its own namespace
 * ({@code PREFIX-br}), directors {@code PREFIX-d1..dN} at 10.1.1.11.. and a client {@code PREFIX-c} at
 * 10.1.1.100, each with eth0 on the bridge. Nothing touches the host's own namespace. Directors run
 * VrrpMain (separate JVMs) or keepalived; a python http server on port 8080 answers "dN" in each.
 */
final class Lab implements AutoCloseable {
    static final String KEEPALIVED = "/usr/sbin/keepalived";
    static final String TSHARK = "/usr/bin/tshark";
    static final String DUMPCAP = "/usr/bin/dumpcap";
    static final String VIP = "10.1.1.166";

    final String prefix;
    final int directors;
    final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final String python;

    Lab(String prefix, int directors) throws IOException {
        this.prefix = prefix;
        this.directors = directors;
        this.dir = Files.createTempDirectory(prefix);
        this.python = findPython();
        try {
            for (String n : names()) {
                sh("ip", "netns", "del", n); // a leftover of a killed run
                sh("ip", "netns", "add", n).orFail();
                namespaces.add(n);
            }
            String br = prefix + "-br";
            sh("ip", "-n", br, "link", "add", "br0", "type", "bridge").orFail();
            sh("ip", "-n", br, "link", "set", "br0", "up").orFail();
            for (int i = 1; i <= directors + 1; i++) {
                String node = node(i);
                String port = "p" + i;
                sh("ip", "-n", br, "link", "add", "eth0", "netns", node, "type", "veth", "peer", "name", port)
                        .orFail();
                sh("ip", "-n", br, "link", "set", port, "master", "br0", "up").orFail();
                sh("ip", "-n", node, "link", "set", "lo", "up").orFail();
                sh("ip", "-n", node, "link", "set", "eth0", "up").orFail();
                sh("ip", "-n", node, "addr", "add", address(i) + "/24", "dev", "eth0")
                        .orFail();
                if (i <= directors) {
                    Path www = Files.createDirectories(dir.resolve("www-d" + i));
                    Files.writeString(www.resolve("who"), "d" + i);
                    start(
                            node,
                            www,
                            dir.resolve("http-d" + i + ".log"),
                            python,
                            "-m",
                            "http.server",
                            "8080",
                            "--bind",
                            "0.0.0.0",
                            "--directory",
                            www.toString());
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Director i's namespace (1..directors); directors + 1 is the client. */
    String node(int i) {
        return i > directors ? prefix + "-c" : prefix + "-d" + i;
    }

    String client() {
        return prefix + "-c";
    }

    static String address(int i) {
        return "10.1.1." + (10 + i);
    }

    String clientAddress() {
        return address(directors + 1);
    }

    private List<String> names() {
        List<String> n = new ArrayList<>(List.of(prefix + "-br"));
        for (int i = 1; i <= directors + 1; i++) n.add(node(i));
        return n;
    }

    // ---- processes ----

    /** VrrpMain for director i as a separate JVM in its namespace. */
    Process fulcrum(int i, Path doc) throws IOException {
        return fulcrum(i, doc, null);
    }

    /** VrrpMain for director i, its track scripts and notify hooks from {@code scripts} (null: none). */
    Process fulcrum(int i, Path doc, Path scripts) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of(
                java,
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.fulcrum.vrrp.VrrpMain",
                "--name",
                "d" + i,
                "--state",
                doc.toString(),
                "--state-dir",
                dir.resolve("state-d" + i).toString()));
        if (scripts != null) argv.addAll(List.of("--scripts", scripts.toString()));
        return start(node(i), dir, dir.resolve("fulcrum-d" + i + ".log"), argv.toArray(String[]::new));
    }

    /** keepalived (VRRP only, foreground, logging to the console) for director i. */
    Process keepalived(int i, String config) throws IOException {
        requireTool(KEEPALIVED);
        Path conf = dir.resolve("keepalived-d" + i + ".conf");
        Files.writeString(conf, config);
        return start(
                node(i),
                dir,
                dir.resolve("keepalived-d" + i + ".log"),
                KEEPALIVED,
                "-n",
                "-l",
                "-D",
                "-R",
                "--vrrp",
                "-f",
                conf.toString(),
                "-p",
                dir.resolve("k" + i + ".pid").toString(),
                "-r",
                dir.resolve("k" + i + "-vrrp.pid").toString(),
                "-c",
                dir.resolve("k" + i + "-checker.pid").toString());
    }

    Process start(String namespace, Path workdir, Path log, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(Arrays.asList(command));
        Process p = new ProcessBuilder(argv)
                .directory(workdir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.add(p);
        return p;
    }

    /**
     * dumpcap on the client's eth0 for {@code seconds}, keeping what {@code filter} (a capture filter)
     * lets through in {@code pcap}; its own output goes to {@code pcap}'s name with ".log".
     */
    Process captureOnClient(Path pcap, String filter, int seconds) throws IOException {
        return start(
                client(),
                dir,
                dir.resolve(pcap.getFileName() + ".log"),
                DUMPCAP,
                "-q",
                "-i",
                "eth0",
                "-f",
                filter,
                "-a",
                "duration:" + seconds,
                "-w",
                pcap.toString());
    }

    /** kill -9 (ip netns exec execs the command, so the pid is the program's). */
    static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    /** kill -9 of keepalived's VRRP process (the child that speaks VRRP; started with -R, the parent does not respawn it). */
    void kill9Keepalived(int i) throws IOException {
        String pid = Files.readString(dir.resolve("k" + i + "-vrrp.pid")).trim();
        sh("kill", "-9", pid).orFail();
    }

    /** SIGTERM, and wait for it to exit. */
    static void term(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS))
            throw new AssertionError("process " + p.pid() + " did not stop within 10 s of SIGTERM");
    }

    String log(String name) {
        try {
            Path f = dir.resolve(name);
            return Files.exists(f) ? Files.readString(f) : "(no " + name + ")";
        } catch (IOException e) {
            return e.toString();
        }
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")
                            && !f.getFileName().toString().startsWith("http"))
                    .sorted()
                    .toList()) {
                b.append("---- ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
        } catch (IOException e) {
            b.append(e);
        }
        return b.toString();
    }

    // ---- observations ----

    /** True when director i's eth0 carries the address. */
    boolean holds(int i, String address) {
        return sh("ip", "-n", node(i), "-o", "-4", "addr", "show", "dev", "eth0")
                .out
                .contains(" " + address + "/");
    }

    /** Which directors carry the address. */
    List<Integer> holders(String address) {
        List<Integer> h = new ArrayList<>();
        for (int i = 1; i <= directors; i++) if (holds(i, address)) h.add(i);
        return h;
    }

    String mac(int i) {
        String out = sh("ip", "-n", node(i), "-o", "link", "show", "dev", "eth0").out;
        int at = out.indexOf("link/ether ");
        return at < 0 ? "" : out.substring(at + 11, at + 28);
    }

    // ---- observations of other devices, IPv6, logs (the network-side tests) ----

    /** True when director i's device {@code dev} carries the address (either family). */
    boolean holdsOn(int i, String address, String dev) {
        return sh("ip", "-n", node(i), "-o", "addr", "show", "dev", dev).out.contains(" " + address + "/");
    }

    /** Which directors carry the address on {@code dev}. */
    List<Integer> holdersOn(String address, String dev) {
        List<Integer> h = new ArrayList<>();
        for (int i = 1; i <= directors; i++) if (holdsOn(i, address, dev)) h.add(i);
        return h;
    }

    /** {@code ip -o link show dev DEV} in director i's namespace (fails when there is no such device). */
    String link(int i, String dev) {
        return sh("ip", "-n", node(i), "-o", "link", "show", "dev", dev).orFail().out;
    }

    boolean hasLink(int i, String dev) {
        return sh("ip", "-n", node(i), "-o", "link", "show", "dev", dev).code == 0;
    }

    /** The hardware address of director i's device. */
    String mac(int i, String dev) {
        String out = link(i, dev);
        int at = out.indexOf("link/ether ");
        return at < 0 ? "" : out.substring(at + 11, at + 28);
    }

    /** A sysctl as director i's namespace has it, e.g. {@code net.ipv4.conf.eth0.arp_ignore}. */
    String sysctl(int i, String key) {
        return sh("ip", "netns", "exec", node(i), "sysctl", "-n", key)
                .orFail()
                .out
                .trim();
    }

    static final String VIP6 = "fd00:1::166";

    static String address6(int i) {
        return "fd00:1::" + (10 + i);
    }

    /**
     * IPv6 on the segment: fd00:1::1N/64 on every node's eth0 (without DAD), then waits until every link-local
     * address left its tentative state (1 s of duplicate address detection), the adverts' source.
     */
    void ipv6() {
        for (int i = 1; i <= directors + 1; i++)
            sh("ip", "-n", node(i), "addr", "add", address6(i) + "/64", "dev", "eth0", "nodad")
                    .orFail();
        await("IPv6 link-local addresses are usable", Duration.ofSeconds(10), () -> {
            for (int i = 1; i <= directors + 1; i++) {
                String out = sh("ip", "-n", node(i), "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link").out;
                if (!out.contains("fe80::") || out.contains("tentative")) return false;
            }
            return true;
        });
    }

    /** Director i's eth0 IPv6 link-local address. */
    String linkLocal(int i) {
        String out = sh("ip", "-n", node(i), "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link")
                .orFail()
                .out;
        int at = out.indexOf("inet6 ");
        return out.substring(at + 6, out.indexOf('/', at));
    }

    /** The MAC the client's IPv6 neighbour table has for the address, or "". */
    String clientNeighbour6(String address) {
        String out = sh("ip", "-n", client(), "-6", "neigh", "show", address).out;
        int at = out.indexOf("lladdr ");
        return at < 0 ? "" : out.substring(at + 7, at + 24);
    }

    /** An HTTP server on [::]:PORT in director i's namespace (IPv4 and IPv6) answering /who with "dN", like the one on 8080. */
    void http6(int i, int port) throws IOException {
        Path www = dir.resolve("www-d" + i);
        start(
                node(i),
                www,
                dir.resolve("http6-d" + i + ".log"),
                python,
                "-m",
                "http.server",
                String.valueOf(port),
                "--bind",
                "::",
                "--directory",
                www.toString());
    }

    /** The director that answers http://[ADDRESS]:PORT/who from the client, or "" when none does. */
    String whoAnswers6(String address, int port) {
        Result r = sh(
                Duration.ofSeconds(5),
                "ip",
                "netns",
                "exec",
                client(),
                python,
                "-c",
                "import urllib.request,sys\ntry:\n print(urllib.request.urlopen('http://[" + address + "]:" + port
                        + "/who',timeout=1).read().decode())\nexcept Exception as e:\n print('')");
        return r.out.trim();
    }

    /** When a process logged its first line with {@code text}: VrrpMain and the agent start each line with the instant. */
    Instant logged(String log, String text) {
        for (String line : log(log).split("\n")) {
            if (line.contains(text)) return Instant.parse(line.substring(0, line.indexOf(' ')));
        }
        throw new AssertionError(log + " has no line with " + text + "\n" + logs());
    }

    /** The MAC the client's neighbour table has for the address, or "". */
    String clientNeighbour(String address) {
        String out = sh("ip", "-n", client(), "neigh", "show", address).out;
        int at = out.indexOf("lladdr ");
        return at < 0 ? "" : out.substring(at + 7, at + 24);
    }

    /** The director that answers http://ADDRESS:8080/who from the client, or "" when none does. */
    String whoAnswers(String address) {
        Result r = sh(
                Duration.ofSeconds(5),
                "ip",
                "netns",
                "exec",
                client(),
                python,
                "-c",
                "import urllib.request,sys\ntry:\n print(urllib.request.urlopen('http://" + address
                        + ":8080/who',timeout=1).read().decode())\nexcept Exception as e:\n print('')");
        return r.out.trim();
    }

    /** Polls until {@code condition} holds, at most {@code limit}; fails with every log otherwise. */
    /** Waits until a process's log has {@code text}: a process writes its log after it acts, not before. */
    void awaitLog(String log, String text) {
        await(log + " says " + text, Duration.ofSeconds(3), () -> log(log).contains(text));
    }

    void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (condition.getAsBoolean()) return;
            if (System.nanoTime() > deadline)
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what + "\n" + logs());
            sleep(20);
        }
    }

    /** Checks {@code condition} throughout {@code period}; fails at the first time it does not hold. */
    void holdsFor(String what, Duration period, BooleanSupplier condition) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            if (!condition.getAsBoolean()) throw new AssertionError("stopped holding: " + what + "\n" + logs());
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void requireTool(String path) {
        if (!Files.isExecutable(Path.of(path)))
            throw new AssertionError(path + " is not installed: this test needs it (apt-get install "
                    + Path.of(path).getFileName() + ")");
    }

    private static String findPython() {
        for (String p : List.of("/usr/bin/python3", "/usr/local/bin/python3"))
            if (Files.isExecutable(Path.of(p))) return p;
        Result r = sh("sh", "-c", "command -v python3 && python3 -c 'import sys;print(sys.executable)'");
        String[] lines = r.out.trim().split("\n");
        if (r.code != 0 || lines.length == 0 || lines[lines.length - 1].isBlank())
            throw new AssertionError("python3 is needed for the client's HTTP checks");
        return lines[lines.length - 1].trim();
    }

    // ---- commands ----

    record Result(int code, String out, List<String> command) {
        Result orFail() {
            if (code != 0) throw new AssertionError(String.join(" ", command) + " exited " + code + ": " + out);
            return this;
        }
    }

    static Result sh(String... command) {
        return sh(Duration.ofSeconds(20), command);
    }

    static Result sh(Duration timeout, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out;
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            out = p.getInputStream().readAllBytes();
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), List.of(command));
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroy(); // SIGTERM first: Fulcrum and keepalived give their addresses back
            }
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String n : namespaces) sh("ip", "netns", "del", n);
    }
}
