package io.fulcrum.netlink.route;

import static io.fulcrum.netlink.FakeKernel.ack;
import static io.fulcrum.netlink.FakeKernel.error;
import static io.fulcrum.netlink.route.RouteClientRequestTest.PID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.netlink.Errno;
import io.fulcrum.netlink.FakeKernel;
import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.PermissionException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** addAddressIfAbsent / deleteAddressIfPresent against a scripted kernel: which refusals mean "already done". */
class RouteClientIdempotentAddressTest {
    /** RTM_NEWADDR NLM_F_REQUEST|ACK|EXCL|CREATE, 10.99.9.10/32 scope host on index 1. */
    static final String ADD =
            "28000000 1400 0506 01000000 00000000 | 02 20 00 fe 01000000 | 0800 0200 0a63090a | 0800 0100 0a63090a";
    /** RTM_DELADDR NLM_F_REQUEST|ACK, 10.99.9.10/32 on index 1. */
    static final String DELETE =
            "28000000 1500 0500 01000000 00000000 | 02 20 00 00 01000000 | 0800 0200 0a63090a | 0800 0100 0a63090a";

    final FakeKernel kernel = new FakeKernel(PID);
    final RouteClient route = RouteClient.on(kernel);
    final InetAddress address = ip("10.99.9.10");

    @Test
    void addingAnAbsentAddressAddsItAndSaysSo() {
        kernel.expect(ADD).reply(ack(1, PID));

        assertThat(route.addAddressIfAbsent(1, address, 32, Rtnetlink.RT_SCOPE_HOST))
                .isTrue();
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void addingAnAddressAlreadyThereIsDoneNotAnError() {
        kernel.expect(ADD).reply(error(1, PID, Errno.EEXIST.number()));

        assertThat(route.addAddressIfAbsent(1, address, 32, Rtnetlink.RT_SCOPE_HOST))
                .isFalse();
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void addingStillFailsOnOtherRefusals() {
        kernel.expect(ADD).reply(error(1, PID, Errno.EPERM.number()));

        assertThatThrownBy(() -> route.addAddressIfAbsent(1, address, 32, Rtnetlink.RT_SCOPE_HOST))
                .isInstanceOf(PermissionException.class);
    }

    @Test
    void deletingAPresentAddressDeletesItAndSaysSo() {
        kernel.expect(DELETE).reply(ack(1, PID));

        assertThat(route.deleteAddressIfPresent(1, address, 32)).isTrue();
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void deletingAnAddressNotThereIsDoneNotAnError() {
        kernel.expect(DELETE).reply(error(1, PID, Errno.EADDRNOTAVAIL.number()));
        kernel.expect(DELETE.replace("0500 01000000", "0500 02000000")).reply(error(2, PID, Errno.ENOENT.number()));

        assertThat(route.deleteAddressIfPresent(1, address, 32)).isFalse();
        assertThat(route.deleteAddressIfPresent(1, address, 32)).isFalse();
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void deletingFromAnUnknownLinkStillFails() {
        kernel.expect(DELETE).reply(error(1, PID, Errno.ENODEV.number()));

        assertThatThrownBy(() -> route.deleteAddressIfPresent(1, address, 32))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("ENODEV");
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
