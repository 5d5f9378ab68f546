package io.fulcrum.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Debian's keepalived, as the tests use it: its samples and {@code keepalived --config-test}. Missing,
 * the tests fail (bin/fulcrum test installs the package).
 */
final class Keepalived {
    private Keepalived() {}

    static final Path SAMPLES = Path.of("/usr/share/doc/keepalived/samples");

    static Path samples() {
        assertThat(SAMPLES)
                .as("Debian's keepalived samples (apt-get install keepalived; bin/fulcrum test installs it)")
                .isDirectory();
        return SAMPLES;
    }

    /** The interfaces a keepalived.conf names: interface, dev, track_interface, lvs_sync_daemon. */
    private static void interfaces(List<ConfNode> nodes, boolean tracked, Set<String> out) {
        for (ConfNode n : nodes) {
            if (tracked) out.add(n.keyword());
            if (n.keyword().equals("interface") || n.keyword().equals("lvs_sync_daemon")) out.add(n.arg(0));
            for (int i = 0; i + 1 < n.args().size(); i++) if (n.arg(i).equals("dev")) out.add(n.arg(i + 1));
            if (n.isBlock()) interfaces(n.children(), n.keyword().equals("track_interface"), out);
        }
        out.removeIf(i -> i == null || i.contains(":") || i.equals("lo"));
    }

    /** keepalived's verdict on {@code file}: its exit code and what it printed. */
    record Verdict(int exit, String output) {
        /**
         * keepalived accepts the file: exit 0; or, when the file has vrrp_scripts (with
         * enable_script_security), keepalived 2.2.7 ends its config test by sending itself SIGTERM (exit
         * 143, seen with strace: kill(getpid(), SIGTERM)) whatever it found, so then: 143 and no complaint
         * ("(Line N) ...", a missing interface, a security violation) in what it printed.
         */
        boolean accepted() {
            if (exit == 0) return true;
            return exit == 143
                    && !output.contains("Line ")
                    && !output.contains("Non-existent")
                    && !output.contains("VIOLATION")
                    && !output.contains("missing");
        }
    }

    /**
     * {@code keepalived --config-test -f file}, in a network namespace of its own that has the interfaces
     * the file names (veth pairs): keepalived refuses a configuration naming an interface the host lacks.
     */
    static Verdict configTest(Path file) throws IOException, InterruptedException {
        Path bin = Path.of("/usr/sbin/keepalived");
        assertThat(bin).as("keepalived (apt-get install keepalived)").isExecutable();
        Set<String> ifaces = new TreeSet<>();
        interfaces(new ConfReader(ConfReader.FILES, null).read(List.of(file)), false, ifaces);
        StringBuilder sh = new StringBuilder("set -e; ip link set lo up; ");
        int peer = 0;
        for (String i : ifaces)
            sh.append("ip link add '")
                    .append(i)
                    .append("' type veth peer name kp")
                    .append(peer++)
                    .append("; ip link set '")
                    .append(i)
                    .append("' up; ");
        sh.append("exec ")
                .append(bin)
                .append(" --config-test -f '")
                .append(file)
                .append("'");
        Path log = Files.createTempFile("keepalived-config-test", ".log");
        try {
            Process p = new ProcessBuilder("unshare", "--net", "sh", "-c", sh.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("keepalived --config-test did not finish in 30 s");
            }
            return new Verdict(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
