package io.fulcrum.deploy;

import static io.fulcrum.deploy.Commands.ROOT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rootful podman as the deploy tests use it: this module's containers.conf, the local Debian base image
 * (deploy/images/build-base.sh, cached between runs), the project's images built from the Maven outputs,
 * and the host's firewall tables and ip_forward put back as they were after a test that used a network.
 */
final class Podman {
    static final String BASE = "localhost/fulcrum-base:bookworm";
    static final String TAG = "ci";
    static final String CONTROL_PLANE = "localhost/fulcrum-control-plane:" + TAG;
    static final String AGENT = "localhost/fulcrum-agent:" + TAG;
    static final String POSTGRES = "localhost/fulcrum-ci-postgres:" + TAG;
    static final Map<String, String> ENV =
            Map.of("CONTAINERS_CONF", ROOT.resolve("src/deploy/containers.conf").toString());

    private Podman() {}

    static void requireTools() {
        Commands.require("podman", "Debian's podman");
        Commands.require("runc", "Debian's runc");
        Commands.require("debootstrap", "Debian's debootstrap");
    }

    static List<String> podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return command;
    }

    static String ok(Duration timeout, String... args) {
        return Commands.ok(podman(args), timeout, ENV);
    }

    static Commands.Result run(Duration timeout, String... args) {
        return Commands.run(podman(args), timeout, ENV);
    }

    /** The local base image: debootstrap once (minutes), then the cached root file system's import. */
    static void base() {
        requireTools();
        Commands.ok(List.of(ROOT.resolve("deploy/images/build-base.sh").toString(), BASE), Duration.ofMinutes(15), ENV);
    }

    /** The control plane's and the agent's images from deploy/images, on the local base. */
    static void projectImages() {
        base();
        for (String built :
                List.of("src/agent/target/fulcrum-agent.jar", "src/control-plane/target/quarkus-app/quarkus-run.jar")) {
            if (!Files.isRegularFile(ROOT.resolve(built)))
                throw new AssertionError(built + " is missing: the Maven build makes it before this module's tests");
        }
        build(CONTROL_PLANE, "deploy/images/control-plane/Dockerfile", ".");
        build(AGENT, "deploy/images/agent/Dockerfile", ".");
    }

    /** CI's stand-in for the public postgres image. */
    static void postgresImage() {
        base();
        build(POSTGRES, "src/deploy/src/test/container/postgres/Dockerfile", "src/deploy/src/test/container/postgres");
    }

    /** An image build; its RUN steps get no network (they need none), so the host's tables stay as they are. */
    static void build(String tag, String dockerfile, String context) {
        ok(
                Duration.ofMinutes(10),
                "build",
                "--quiet",
                "--network",
                "none",
                "--format",
                "docker",
                "--build-arg",
                "BASE=" + BASE,
                "-f",
                dockerfile,
                "-t",
                tag,
                context);
    }

    /**
     * The host's netfilter tables and ip_forward before a test that gives containers a network. podman's
     * network plugins add tables, chains and rules and turn ip_forward on; {@link #restore} removes the
     * tables that were not there, puts the others' rules back, and ip_forward.
     */
    record HostNetwork(List<String> tables, List<String> bridges, String iptables, String ipForward) {
        static HostNetwork save() {
            Commands.require("nft", "Debian's nftables");
            Commands.require("iptables-save", "Debian's iptables");
            return new HostNetwork(
                    currentTables(),
                    currentBridges(),
                    Commands.ok(List.of("iptables-save"), Duration.ofSeconds(30)),
                    read("/proc/sys/net/ipv4/ip_forward"));
        }

        void restore() {
            for (String bridge : currentBridges()) {
                if (!bridges.contains(bridge))
                    Commands.ok(List.of("ip", "link", "delete", bridge), Duration.ofSeconds(30));
            }
            for (String table : currentTables()) {
                if (!tables.contains(table)) {
                    List<String> delete = new ArrayList<>(List.of("nft", "delete"));
                    delete.addAll(List.of(table.split(" ")));
                    Commands.ok(delete, Duration.ofSeconds(30));
                }
            }
            if (!iptables.isBlank()) {
                try {
                    Path saved = Files.createTempFile("fulcrum-iptables-", ".rules");
                    Files.writeString(saved, iptables);
                    Commands.ok(List.of("iptables-restore", saved.toString()), Duration.ofSeconds(30));
                    Files.delete(saved);
                } catch (IOException e) {
                    throw new AssertionError("cannot restore the host's firewall rules: " + e.getMessage(), e);
                }
            }
            try {
                Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), ipForward);
            } catch (IOException e) {
                throw new AssertionError("cannot restore ip_forward: " + e.getMessage(), e);
            }
        }

        /** The bridges podman's network plugins make (cni-podman0, cni-podman1, ...). */
        private static List<String> currentBridges() {
            return Commands.ok(List.of("ip", "-o", "link", "show", "type", "bridge"), Duration.ofSeconds(30))
                    .lines()
                    .map(l -> l.split(":")[1].trim().split("@")[0])
                    .filter(name -> name.startsWith("cni-podman") || name.startsWith("podman"))
                    .toList();
        }

        /** `nft list tables`: one "table FAMILY NAME" a line. */
        private static List<String> currentTables() {
            return Commands.ok(List.of("nft", "list", "tables"), Duration.ofSeconds(30))
                    .lines()
                    .map(String::trim)
                    .filter(l -> l.startsWith("table "))
                    .toList();
        }

        private static String read(String file) {
            try {
                return Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
