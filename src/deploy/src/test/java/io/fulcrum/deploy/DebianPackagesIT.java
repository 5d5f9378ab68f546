package io.fulcrum.deploy;

import static io.fulcrum.deploy.Commands.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The .deb files the Maven build made: their control fields, files and conffiles, read with dpkg-deb. */
class DebianPackagesIT {
    private static final Duration T = Duration.ofSeconds(60);

    static Path deb(String name) {
        try (Stream<Path> files = Files.list(ROOT.resolve("src/deploy/target"))) {
            return files.filter(f -> f.getFileName().toString().matches(name + "_.*_all\\.deb"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + "_*_all.deb is missing in src/deploy/target"));
        } catch (IOException e) {
            throw new AssertionError("src/deploy/target: " + e.getMessage(), e);
        }
    }

    private static String field(Path deb, String field) {
        return Commands.ok(List.of("dpkg-deb", "--field", deb.toString(), field), T)
                .trim();
    }

    private static String contents(Path deb) {
        return Commands.ok(List.of("dpkg-deb", "--contents", deb.toString()), T);
    }

    @Test
    void theAgentPackageHoldsTheJarItsLibrariesTheUnitAndItsConfiguration() throws IOException {
        Path deb = deb("fulcrum-agent");
        assertThat(field(deb, "Package")).isEqualTo("fulcrum-agent");
        assertThat(field(deb, "Architecture")).isEqualTo("all");
        assertThat(field(deb, "Depends")).contains("openjdk-17-jre-headless | java17-runtime-headless");
        String files = contents(deb);
        assertThat(files)
                .contains("./usr/share/fulcrum/agent/fulcrum-agent.jar")
                .containsPattern("-rwxr-xr-x root/root .* ./usr/share/fulcrum/agent/bin/fulcrum-agent\n")
                .contains("./lib/systemd/system/fulcrum-agent.service")
                .contains("./etc/fulcrum/agent.conf")
                .containsPattern("-rw------- root/root .* ./etc/fulcrum/agent.env\n");
        try (Stream<Path> libs = Files.list(ROOT.resolve("src/agent/target/lib"))) {
            List<String> jars = libs.map(p -> p.getFileName().toString()).toList();
            assertThat(jars).isNotEmpty();
            for (String jar : jars) assertThat(files).contains("./usr/share/fulcrum/agent/lib/" + jar);
        }
        assertThat(Commands.ok(List.of("dpkg-deb", "--info", deb.toString(), "conffiles"), T))
                .contains("/etc/fulcrum/agent.conf", "/etc/fulcrum/agent.env", "/etc/fulcrum/state.yaml");
    }

    @Test
    void theControlPlanePackageHoldsQuarkussApplicationTheUnitAndASystemUser() {
        Path deb = deb("fulcrum-control-plane");
        assertThat(field(deb, "Package")).isEqualTo("fulcrum-control-plane");
        assertThat(field(deb, "Depends")).contains("openjdk-17-jre-headless | java17-runtime-headless");
        assertThat(contents(deb))
                .contains("./usr/share/fulcrum/control-plane/quarkus-app/quarkus-run.jar")
                .contains("./usr/share/fulcrum/control-plane/quarkus-app/lib/main/")
                .contains("./lib/systemd/system/fulcrum-control-plane.service")
                .containsPattern("-rw------- root/root .* ./etc/fulcrum/control-plane.env\n");
        assertThat(Commands.ok(List.of("dpkg-deb", "--info", deb.toString(), "postinst"), T))
                .contains("useradd --system");
    }
}
