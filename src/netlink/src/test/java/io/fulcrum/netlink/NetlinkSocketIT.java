package io.fulcrum.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Live: a real NETLINK_GENERIC socket on this host's kernel (no CAP_NET_ADMIN needed for lookups). */
class NetlinkSocketIT {

    @Test
    void resolvesTheControllerFamilyOnTheHostKernel() {
        try (GenericNetlink genl = new GenericNetlink(new NetlinkConnection(NetlinkSocket.openGeneric()))) {
            GenlFamily nlctrl = genl.resolve(Genetlink.CTRL_NAME);

            assertThat(nlctrl.id()).isEqualTo(Genetlink.GENL_ID_CTRL);
            assertThat(nlctrl.name()).isEqualTo("nlctrl");
            assertThat(nlctrl.version()).isPositive();
        }
    }

    @Test
    void reportsAnUnregisteredFamilyAsNotFound() {
        // Fulcrum's build hosts have no ip_vs module; the kernel-lab harness covers real IPVS.
        try (GenericNetlink genl = new GenericNetlink(new NetlinkConnection(NetlinkSocket.openGeneric()))) {
            assertThatThrownBy(() -> genl.resolve("FulcrumNoSuch"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("ENOENT");
        }
    }

    @Test
    void resolvingIpvsWithoutTheModuleThrowsNotFound() {
        try (GenericNetlink genl = new GenericNetlink(new NetlinkConnection(NetlinkSocket.openGeneric()))) {
            Assumptions.assumeFalse(new File("/proc/net/ip_vs").exists(), "this host has IPVS loaded");
            assertThatThrownBy(() -> genl.resolve("IPVS")).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void assignsANonZeroPortIdOnBind() {
        try (NetlinkSocket socket = NetlinkSocket.openGeneric()) {
            assertThat(socket.portId()).isNotZero();
        }
    }
}
