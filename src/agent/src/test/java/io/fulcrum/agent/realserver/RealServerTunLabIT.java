package io.fulcrum.agent.realserver;

import io.fulcrum.kernellab.KernelLab;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The TUN real-server role on a kernel with ipip (this host's has none): one kernel-lab VM. */
class RealServerTunLabIT {

    @Test
    void tunBringsUpTunl0WithTheVipsAndUndoesIt() {
        KernelLab.runJava(Duration.ofMinutes(6), RealServerTunLabMain.class)
                .requireChecksPassed(
                        "tunl0_absent_before",
                        "rp_filter_strict_before",
                        "start",
                        "tunl0_from_ipip_autoload_up",
                        "vips_on_tunl0",
                        "rp_filter_off",
                        "start_twice_is_idempotent",
                        "stop",
                        "stop_removed_vips_and_took_tunl0_down",
                        "stop_restored_rp_filter")
                .requireSuccess();
    }
}
