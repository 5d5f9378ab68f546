package io.fulcrum.agent.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcSysctlTest {
    @TempDir
    Path root;

    @Test
    void readsAndWritesTheFileTheDottedKeyNames() throws Exception {
        Path file = root.resolve("net/ipv4/conf/lo/arp_ignore");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "0\n");
        ProcSysctl sysctl = new ProcSysctl(root);

        assertThat(sysctl.read("net.ipv4.conf.lo.arp_ignore")).isEqualTo("0");
        sysctl.write("net.ipv4.conf.lo.arp_ignore", "1");
        assertThat(Files.readString(file)).isEqualTo("1\n");
    }

    @Test
    void aMissingKeyIsAnIoError() {
        assertThatThrownBy(() -> new ProcSysctl(root).read("net.ipv4.conf.tunl0.rp_filter"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("net.ipv4.conf.tunl0.rp_filter");
    }

    @Test
    void refusesKeysThatEscapeTheTree() {
        ProcSysctl sysctl = new ProcSysctl(root);
        assertThatThrownBy(() -> sysctl.read("net/../../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sysctl.read("net..ipv4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sysctl.read("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheHostsRealProcSys() {
        assertThat(new ProcSysctl().read("net.ipv4.conf.lo.arp_ignore")).matches("[0-8]");
    }
}
