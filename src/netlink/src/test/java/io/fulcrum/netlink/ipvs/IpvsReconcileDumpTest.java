package io.fulcrum.netlink.ipvs;

import static io.fulcrum.netlink.FakeKernel.done;
import static io.fulcrum.netlink.FakeKernel.error;
import static io.fulcrum.netlink.ipvs.IpvsClientReplyTest.DEST_192_168_1_10;
import static io.fulcrum.netlink.ipvs.IpvsClientReplyTest.DUMP_DESTS;
import static io.fulcrum.netlink.ipvs.IpvsClientReplyTest.DUMP_SERVICES;
import static io.fulcrum.netlink.ipvs.IpvsClientReplyTest.SERVICE_TCP_80;
import static io.fulcrum.netlink.ipvs.IpvsClientReplyTest.STATS64;
import static io.fulcrum.netlink.ipvs.IpvsClientRequestTest.PID;
import static io.fulcrum.netlink.ipvs.IpvsClientRequestTest.tcp80;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.netlink.DumpInterruptedException;
import io.fulcrum.netlink.FakeKernel;
import io.fulcrum.netlink.MalformedMessageException;
import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.UnexpectedReplyException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconcile's dumps ({@link IpvsClient#serviceSettings}, {@link IpvsClient#destinationStates}): replies read in
 * place, counters skipped. Every golden reply must read as the full parse ({@link IpvsClient#services},
 * {@link IpvsClient#destinations}) reads it, minus the counters, and fail where it fails.
 */
class IpvsReconcileDumpTest {
    /*
     * Real replies: a Debian kernel's (6.x, in the kernel lab) to the agent's dumps, recorded with the benchmark's
     * NetlinkRecording; family id 0x20, port id 0xf6084cb6. Only the sequence numbers are renumbered to 1.
     */
    static final int LAB_FAMILY = 0x20;
    static final int LAB_PID = 0xf6084cb6;

    /** NEW_SERVICE for TCP 10.100.7.38:80 wrr, flags HASHED, both counter blocks (all zero), as the kernel sent it. */
    static final String LAB_SERVICE = "40010000 2000 0200 01000000 b64c08f6 | 01010000 | 2c01 0100"
            + "| 0600010002000000 | 0600020006000000 | 140003000a640726000000000000000000000000 | 0600040000500000"
            + "| 0800060077727200 | 0c00070002000000ffffffff | 0800080000000000 | 08000900ffffffff"
            + "| 5c000a000800010000000000080002000000000008000300000000000c00040000000000000000000c000500000000000000000008"
            + "  0006000000000008000700000000000800080000000000080009000000000008000a0000000000"
            + "| 7c000c000c00010000000000000000000c00020000000000000000000c00030000000000000000000c0004000000000000000000"
            + "  0c00050000000000000000000c00060000000000000000000c00070000000000000000000c00080000000000000000000c0009"
            + "  0000000000000000000c000a000000000000000000";

    /** The request for TCP 10.100.7.38:80's destinations, as the agent sent it (sequence number 1). */
    static final String LAB_DUMP_DESTS = "44000000 2000 0103 01000000 00000000 08010000"
            + "3000 0180 0600 0100 0200 0000 0600 0200 0600 0000 1400 0300 0a640726 00000000 00000000 00000000 0600 0400 0050 0000";

    /**
     * NEW_DEST, 10.209.7.38:8080 masq weight 1: tunnel type, port and flags (kernel 5.7+), address family, and
     * both counter blocks: 356 bytes, 216 of them the counters the reconcile skips.
     */
    static final String LAB_DEST = "64010000 2000 0200 01000000 b64c08f6 | 05010000 | 5001 0200"
            + "| 140001000ad10726000000000000000000000000 | 060002001f900000 | 0800030000000000 | 0800040001000000"
            + "| 05000d0000000000 | 06000e0000000000 | 06000f0000000000 | 0800050000000000 | 0800060000000000"
            + "| 0800070000000000 | 0800080000000000 | 0800090000000000 | 06000b0002000000"
            + "| 5c000a000800010000000000080002000000000008000300000000000c00040000000000000000000c000500000000000000000008"
            + "  0006000000000008000700000000000800080000000000080009000000000008000a0000000000"
            + "| 7c000c000c00010000000000000000000c00020000000000000000000c00030000000000000000000c0004000000000000000000"
            + "  0c00050000000000000000000c00060000000000000000000c00070000000000000000000c00080000000000000000000c0009"
            + "  0000000000000000000c000a000000000000000000";

    final FakeKernel kernel = new FakeKernel(PID);
    final IpvsClient ipvs = IpvsClient.withFamily(kernel, IpvsClientRequestTest.FAMILY);

    @AfterEach
    void scriptIsUsedUp() {
        assertThat(kernel.finished()).isTrue();
    }

    static IpvsServiceKey lab() throws Exception {
        return IpvsServiceKey.of(IpProtocol.TCP, InetAddress.getByName("10.100.7.38"), 80);
    }

    @Test
    void readsTheKernelsServiceReplyAsTheFullParseDoes() throws Exception {
        FakeKernel lab = new FakeKernel(LAB_PID);
        IpvsClient client = IpvsClient.withFamily(lab, LAB_FAMILY);
        String request = "14000000 2000 0103 01000000 00000000 04010000";
        lab.expect(request).reply(LAB_SERVICE, done(1, LAB_PID));
        lab.expect(request.replace("01000000 00000000 0401", "02000000 00000000 0401"))
                .reply(LAB_SERVICE.replace("0200 01000000 b64c08f6", "0200 02000000 b64c08f6"), done(2, LAB_PID));

        List<IpvsService> lean = client.serviceSettings();
        List<IpvsServiceEntry> full = client.services();

        assertThat(lean).containsExactly(IpvsService.of(lab(), "wrr"));
        assertThat(lean).containsExactly(full.get(0).service());
        assertThat(lab.finished()).isTrue();
    }

    @Test
    void readsTheKernelsDestinationReplyAsTheFullParseDoes() throws Exception {
        FakeKernel lab = new FakeKernel(LAB_PID);
        IpvsClient client = IpvsClient.withFamily(lab, LAB_FAMILY);
        lab.expect(LAB_DUMP_DESTS).reply(LAB_DEST + LAB_DEST.replace("0ad10726", "0ad20726"), done(1, LAB_PID));
        lab.expect(LAB_DUMP_DESTS.replace("0103 01000000", "0103 02000000"))
                .reply(
                        (LAB_DEST + LAB_DEST.replace("0ad10726", "0ad20726")).replace("0200 01000000", "0200 02000000"),
                        done(2, LAB_PID));

        List<IpvsDestinationState> lean = client.destinationStates(lab());
        List<IpvsDestinationEntry> full = client.destinations(lab());

        assertThat(lean)
                .containsExactly(
                        new IpvsDestinationState(
                                IpvsDestination.of(
                                        InetAddress.getByName("10.209.7.38"), 8080, ForwardingMethod.MASQ, 1),
                                0,
                                0,
                                0),
                        new IpvsDestinationState(
                                IpvsDestination.of(
                                        InetAddress.getByName("10.210.7.38"), 8080, ForwardingMethod.MASQ, 1),
                                0,
                                0,
                                0));
        assertThat(lean)
                .extracting(IpvsDestinationState::destination)
                .containsExactlyElementsOf(
                        full.stream().map(IpvsDestinationEntry::destination).toList());
        assertThat(lab.finished()).isTrue();
    }

    @Test
    void readsAServiceWithoutItsCounters() throws Exception {
        kernel.expect(DUMP_SERVICES).reply(SERVICE_TCP_80, done(1, PID));

        assertThat(ipvs.serviceSettings()).containsExactly(IpvsService.of(tcp80(), "rr"));
    }

    @Test
    void readsADestinationWithItsConnectionCounts() throws Exception {
        kernel.expect(DUMP_DESTS).reply(DEST_192_168_1_10 + done(1, PID));

        assertThat(ipvs.destinationStates(tcp80()))
                .containsExactly(new IpvsDestinationState(
                        IpvsDestination.of(
                                InetAddress.getByName("192.168.1.10"), 8080, ForwardingMethod.DIRECT_ROUTE, 10),
                        3,
                        2,
                        1));
    }

    @Test
    void readsATunnelDestinationsSettings() throws Exception {
        // GUE to port 6080 with REMCSUM, thresholds 100/10, IPv6 address under an IPv4 service (family attribute 10)
        kernel.expect(DUMP_DESTS)
                .reply(
                        "08010000 2400 0200 01000000 64000000 | 05010000"
                                + "| f400 0200 | 1400 0100 20010db8 00000000 00000000 00000001 | 0600 0200 1f90 0000 | 0600 0b00 0a00 0000"
                                + "| 0800 0300 02000000 | 0800 0400 05000000 | 0500 0d00 01000000 | 0600 0e00 17c0 0000 | 0600 0f00 0200 0000"
                                + "| 0800 0500 64000000 | 0800 0600 0a000000 | 0800 0700 07000000 | 0800 0800 00000000 | 0800 0900 00000000"
                                + "|" + STATS64,
                        done(1, PID));

        IpvsDestinationState state = ipvs.destinationStates(tcp80()).get(0);

        assertThat(state)
                .isEqualTo(new IpvsDestinationState(
                        IpvsDestination.of(InetAddress.getByName("2001:db8::1"), 8080, ForwardingMethod.TUNNEL, 5)
                                .withThresholds(100, 10)
                                .withTunnel(TunnelType.GUE, 6080, Set.of(TunnelFlag.REMCSUM)),
                        7,
                        0,
                        0));
    }

    @Test
    void readsRepliesSpreadOverDatagramsAndAnIpv6FirewallMarkService() throws Exception {
        String fwmark = "c8000000 2400 0200 01000000 64000000 01010000"
                + "| b400 0100 | 0600 0100 0a00 0000 | 0800 0500 07000000 | 0700 0600 73680000"
                + "| 0c00 0700 1b000000 ffffffff | 0800 0800 2c010000 | 0800 0900 40000000 |" + STATS64;
        kernel.expect(DUMP_SERVICES).reply(SERVICE_TCP_80 + fwmark, SERVICE_TCP_80, done(1, PID));

        assertThat(ipvs.serviceSettings())
                .containsExactly(
                        IpvsService.of(tcp80(), "rr"),
                        new IpvsService(
                                IpvsServiceKey.fwmark(AddressFamily.INET6, 7),
                                "sh",
                                Set.of(ServiceFlag.PERSISTENT, ServiceFlag.SH_FALLBACK, ServiceFlag.SH_PORT),
                                300,
                                64),
                        IpvsService.of(tcp80(), "rr"));
    }

    @Test
    void doesNotReadTheCounters() throws Exception {
        // the full parse refuses a stats64 block missing counters (IpvsClientReplyTest); the lean one never looks
        kernel.expect(DUMP_SERVICES)
                .reply(
                        "70000000 2400 0200 01000000 64000000 01010000"
                                + "| 5c00 0100 | 0600 0100 0a00 0000 | 0800 0500 07000000 | 0700 0600 73680000"
                                + "| 0c00 0700 1b000000 ffffffff | 0800 0800 2c010000 | 0800 0900 40000000"
                                + "| 2400 0c00 | 0c00 0100 0100000000000000 | 0c00 0400 0200000000000000 | 0800 0a00 00000000",
                        done(1, PID));

        assertThat(ipvs.serviceSettings()).extracting(IpvsService::scheduler).containsExactly("sh");
    }

    @Test
    void aDestinationMissingItsWeightIsMalformed() {
        kernel.expect(DUMP_DESTS)
                .reply(DEST_192_168_1_10.replace("0800 0400 0a000000", "0800 1400 0a000000") + done(1, PID));

        assertThatThrownBy(() -> ipvs.destinationStates(tcp80()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("missing attribute IPVS_DEST_ATTR_WEIGHT");
    }

    @Test
    void aValueOfTheWrongWidthIsMalformed() {
        // IPVS_DEST_ATTR_PORT of 4 bytes instead of 2
        kernel.expect(DUMP_DESTS)
                .reply(DEST_192_168_1_10.replace("0600 0200 1f90 0000", "0800 0200 1f90 0000") + done(1, PID));

        assertThatThrownBy(() -> ipvs.destinationStates(tcp80()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("attribute 2: expected 2 bytes, got 4");
    }

    @Test
    void aServiceReplyWithATruncatedAttributeIsMalformed() {
        kernel.expect(DUMP_SERVICES)
                .reply("2c000000 2400 0200 01000000 64000000 01010000"
                        + "1800 0100 0600 0100 0200 0000 0600 0200 0600 0000 0600 0400" + done(1, PID));

        assertThatThrownBy(ipvs::serviceSettings).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void aServiceReplyWithAnAttributeRunningPastTheMessageIsMalformed() {
        kernel.expect(DUMP_SERVICES)
                .reply("20000000 2400 0200 01000000 64000000 01010000 ff00 0100 0600 0100 0200 0000" + done(1, PID));

        assertThatThrownBy(ipvs::serviceSettings)
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("runs past");
    }

    @Test
    void aMessageRunningPastTheDatagramIsMalformed() {
        kernel.expect(DUMP_DESTS).reply(DEST_192_168_1_10.replaceFirst("e8000000", "f0000000"));

        assertThatThrownBy(() -> ipvs.destinationStates(tcp80()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("runs past the end of the datagram");
    }

    @Test
    void anInterruptedDumpThrowsDumpInterrupted() {
        kernel.expect(DUMP_SERVICES).reply(SERVICE_TCP_80.replaceFirst("0200 01000000", "1200 01000000"), done(1, PID));

        assertThatThrownBy(ipvs::serviceSettings).isInstanceOf(DumpInterruptedException.class);
    }

    @Test
    void aKernelErrorIsTyped() {
        kernel.expect(DUMP_DESTS).reply(error(1, PID, 3));

        assertThatThrownBy(() -> ipvs.destinationStates(tcp80()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("IPVS_CMD_GET_DEST TCP 10.0.0.1:80");
    }

    @Test
    void aReplyToAnotherRequestIsRejected() {
        kernel.expect(DUMP_SERVICES)
                .reply(SERVICE_TCP_80.replaceFirst("0200 01000000", "0200 02000000") + done(1, PID));

        assertThatThrownBy(ipvs::serviceSettings)
                .isInstanceOf(UnexpectedReplyException.class)
                .hasMessageContaining("sequence number 2");
    }

    @Test
    void aReplyOfAnotherCommandIsRejected() {
        kernel.expect(DUMP_DESTS).reply(SERVICE_TCP_80 + done(1, PID));

        assertThatThrownBy(() -> ipvs.destinationStates(tcp80()))
                .isInstanceOf(UnexpectedReplyException.class)
                .hasMessageContaining("reply command 1, expected 5");
    }
}
