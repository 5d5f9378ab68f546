package io.fulcrum.agent.kernel;

import static io.fulcrum.agent.kernel.NetlinkIpvsKernelDumpTest.FAMILY;
import static io.fulcrum.agent.kernel.NetlinkIpvsKernelDumpTest.WEB;
import static io.fulcrum.agent.kernel.NetlinkIpvsKernelDumpTest.done;
import static io.fulcrum.agent.kernel.NetlinkIpvsKernelDumpTest.dumpServices;
import static io.fulcrum.agent.kernel.NetlinkIpvsKernelDumpTest.seq;
import static io.fulcrum.agent.kernel.NetlinkIpvsKernelDumpTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.kernel.NetlinkIpvsKernelDumpTest.Script;
import io.fulcrum.agent.table.Table;
import io.fulcrum.netlink.ipvs.IpvsClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A kernel without IPVS that gets it later (modprobe ip_vs), over scripted netlink replies: the family is
 * looked for at most every retry interval on the fake clock, and once it resolves the table is read.
 */
class PollingIpvsKernelTest {
    /** CTRL_CMD_GETFAMILY "IPVS" (seq 1, as each new client's first request). */
    static final String GET_FAMILY = "20000000 1000 0500 01000000 00000000 03010000 0900 0200 49505653 00000000";

    /** The control family's NEWFAMILY reply naming IPVS's id, then its ACK. */
    static String family(int id) {
        return "40000000 1000 0000 01000000 b64c08f6 01020000 0900 0200 49505653 00000000 0600 0100"
                + HexFormat.of().toHexDigits(Short.reverseBytes((short) id))
                + " 0000 0800 0300 01000000 0800 0400 00000000 0800 0500 06000000";
    }

    /** NLMSG_ERROR with -errno for request seq 1 (0: the ACK), capped. */
    static String error(int errno) {
        return "24000000 0200 0001 01000000 b64c08f6" + seq(-errno) + "10000000 0000 0000 01000000 00000000";
    }

    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    /** Each open is one new socket with its own script; a look with none left fails the test. */
    final Deque<Script> sockets = new ArrayDeque<>();

    int opens;

    final PollingIpvsKernel kernel = new PollingIpvsKernel(
            () -> {
                opens++;
                return IpvsClient.connect(sockets.remove());
            },
            clock,
            Duration.ofSeconds(10));

    @Test
    void aKernelWithoutIpvsIsReportedAndLookedAtAgainOnlyAfterTheRetryInterval() {
        sockets.add(new Script().expect(GET_FAMILY, error(2))); // ENOENT: no such family

        assertThat(kernel.unavailable())
                .hasValueSatisfying(why ->
                        assertThat(why).contains("this kernel has no IPVS").contains("modprobe ip_vs"));
        now = now.plusSeconds(9);
        assertThat(kernel.unavailable()).isPresent(); // not looked at again yet
        assertThat(opens).isEqualTo(1);
        assertThatThrownBy(kernel::dump)
                .isInstanceOf(PollingIpvsKernel.UnavailableException.class)
                .hasMessageStartingWith("IPVS unavailable: this kernel has no IPVS");
    }

    @Test
    void onceTheFamilyIsThereTheTableIsRead() {
        sockets.add(new Script().expect(GET_FAMILY, error(2)));
        Script loaded = new Script()
                .expect(GET_FAMILY, family(FAMILY), error(0)) // the family, then the ACK
                .expect(dumpServices(2), service(2), done(2))
                .expect(
                        NetlinkIpvsKernelDumpTest.dumpDestinations(3),
                        NetlinkIpvsKernelDumpTest.destination(3, 0) + done(3));
        sockets.add(loaded);

        assertThat(kernel.unavailable()).isPresent();
        now = now.plusSeconds(10); // modprobe ip_vs happened meanwhile

        assertThat(kernel.unavailable()).isEmpty();
        Table t = kernel.dump();
        assertThat(t.services()).containsOnlyKeys(WEB);
        assertThat(kernel.unavailable()).isEmpty(); // no new look once it is there
        assertThat(opens).isEqualTo(2);
        assertThat(loaded.finished()).isTrue();
    }
}
