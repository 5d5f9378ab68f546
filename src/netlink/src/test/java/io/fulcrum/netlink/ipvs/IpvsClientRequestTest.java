package io.fulcrum.netlink.ipvs;

import static io.fulcrum.netlink.FakeKernel.ack;
import static io.fulcrum.netlink.FakeKernel.done;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.netlink.FakeKernel;
import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of every request, written by hand from nlmsghdr / genlmsghdr / nlattr and ip_vs.h.
 * Family id 0x24, first sequence number 1, nlmsg_pid 0. They match ipvsadm's libipvs encoding
 * except that nests carry NLA_F_NESTED (0x8000) and dumps omit the redundant NLM_F_ACK.
 */
class IpvsClientRequestTest {
    static final int PID = 100;
    static final int FAMILY = 0x24;

    /** IPVS_CMD_ATTR_SERVICE for TCP 10.0.0.1:80: AF_INET, IPPROTO_TCP, 16-byte address, be16 port. */
    static final String TCP_10_0_0_1_80_KEY = "3000 0180 | 0600 0100 0200 0000 | 0600 0200 0600 0000"
            + "| 1400 0300 0a000001 00000000 00000000 00000000 | 0600 0400 0050 0000";

    final FakeKernel kernel = new FakeKernel(PID);
    final IpvsClient ipvs = IpvsClient.withFamily(kernel, FAMILY);

    static IpvsServiceKey tcp80() throws Exception {
        return IpvsServiceKey.of(IpProtocol.TCP, InetAddress.getByName("10.0.0.1"), 80);
    }

    @AfterEach
    void scriptIsUsedUp() {
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void addServiceSendsWhatIpvsadmSendsForTcpRoundRobin() throws Exception {
        // ipvsadm -A -t 10.0.0.1:80 -s rr
        kernel.expect(
                        "68000000 2400 0500 01000000 00000000 | 01010000"
                                + "| 5400 0180 | 0600 0100 0200 0000 | 0600 0200 0600 0000"
                                + "| 1400 0300 0a000001 00000000 00000000 00000000 | 0600 0400 0050 0000"
                                + "| 0700 0600 72720000 | 0c00 0700 00000000 ffffffff | 0800 0800 00000000 | 0800 0900 ffffffff")
                .reply(ack(1, PID));

        ipvs.addService(IpvsService.of(tcp80(), "rr"));
    }

    @Test
    void updateServiceSendsPersistenceWithAnIpv4MaskInNetworkOrder() throws Exception {
        // ipvsadm -E -t 10.0.0.1:443 -s wlc -p 360 -M 255.255.255.0
        IpvsServiceKey key = IpvsServiceKey.of(IpProtocol.TCP, InetAddress.getByName("10.0.0.1"), 443);
        kernel.expect(
                        "68000000 2400 0500 01000000 00000000 | 02010000"
                                + "| 5400 0180 | 0600 0100 0200 0000 | 0600 0200 0600 0000"
                                + "| 1400 0300 0a000001 00000000 00000000 00000000 | 0600 0400 01bb 0000"
                                + "| 0800 0600 776c6300 | 0c00 0700 01000000 ffffffff | 0800 0800 68010000 | 0800 0900 ffffff00")
                .reply(ack(1, PID));

        ipvs.updateService(IpvsService.of(key, "wlc").persistent(360, 24));
    }

    @Test
    void addServiceSendsAnIpv6FirewallMarkServiceWithAPrefixLengthNetmask() {
        // ipvsadm -A -f 7 -6 -s sh -b sh-fallback,sh-port -p 300 -M 64
        IpvsService service = IpvsService.of(IpvsServiceKey.fwmark(AddressFamily.INET6, 7), "sh")
                .withFlags(Set.of(ServiceFlag.SH_FALLBACK, ServiceFlag.SH_PORT))
                .persistent(300, 64);
        kernel.expect(
                        "4c000000 2400 0500 01000000 00000000 | 01010000"
                                + "| 3800 0180 | 0600 0100 0a00 0000 | 0800 0500 07000000"
                                + "| 0700 0600 73680000 | 0c00 0700 19000000 ffffffff | 0800 0800 2c010000 | 0800 0900 40000000")
                .reply(ack(1, PID));

        ipvs.addService(service);
    }

    @Test
    void deleteServiceSendsOnlyTheIdentifyingAttributes() throws Exception {
        kernel.expect("44000000 2400 0500 01000000 00000000 | 03010000 | " + TCP_10_0_0_1_80_KEY)
                .reply(ack(1, PID));

        ipvs.deleteService(tcp80());
    }

    @Test
    void getServiceAsksForOneServiceByKey() throws Exception {
        kernel.expect("44000000 2400 0500 01000000 00000000 | 04010000 | " + TCP_10_0_0_1_80_KEY)
                .reply(IpvsClientReplyTest.SERVICE_TCP_80.replaceFirst("0200 01000000", "0000 01000000"), ack(1, PID));

        assertThat(ipvs.service(tcp80()).service().scheduler()).isEqualTo("rr");
    }

    @Test
    void listServicesDumpsWithoutAttributes() {
        kernel.expect("14000000 2400 0103 01000000 00000000 | 04010000").reply(done(1, PID));

        assertThat(ipvs.services()).isEmpty();
    }

    @Test
    void addDestinationSendsFamilyAddressPortMethodWeightAndThresholds() throws Exception {
        // ipvsadm -a -t 10.0.0.1:80 -r 192.168.1.10:8080 -m -w 1
        kernel.expect("8c000000 2400 0500 01000000 00000000 | 05010000 | " + TCP_10_0_0_1_80_KEY
                        + "| 4800 0280 | 0600 0b00 0200 0000 | 1400 0100 c0a8010a 00000000 00000000 00000000"
                        + "| 0600 0200 1f90 0000 | 0800 0300 00000000 | 0800 0400 01000000"
                        + "| 0800 0500 00000000 | 0800 0600 00000000")
                .reply(ack(1, PID));

        ipvs.addDestination(
                tcp80(), IpvsDestination.of(InetAddress.getByName("192.168.1.10"), 8080, ForwardingMethod.MASQ, 1));
    }

    @Test
    void updateDestinationSendsTunnelTypePortAndFlagsForAnIpv6Tunnel() throws Exception {
        // ipvsadm -e -t 10.0.0.1:80 -r [2001:db8::10]:80 -i -w 5 -x 1000 -y 100 --tun-type gue --tun-port 6080
        // --tun-csum
        IpvsDestination tunnel = IpvsDestination.of(
                        InetAddress.getByName("2001:db8::10"), 80, ForwardingMethod.TUNNEL, 5)
                .withThresholds(1000, 100)
                .withTunnel(TunnelType.GUE, 6080, Set.of(TunnelFlag.CSUM));
        kernel.expect("a4000000 2400 0500 01000000 00000000 | 06010000 | " + TCP_10_0_0_1_80_KEY
                        + "| 6000 0280 | 0600 0b00 0a00 0000 | 1400 0100 20010db8 00000000 00000000 00000010"
                        + "| 0600 0200 0050 0000 | 0800 0300 02000000 | 0800 0400 05000000"
                        + "| 0500 0d00 01000000 | 0600 0e00 17c0 0000 | 0600 0f00 0100 0000"
                        + "| 0800 0500 e8030000 | 0800 0600 64000000")
                .reply(ack(1, PID));

        ipvs.updateDestination(tcp80(), tunnel);
    }

    @Test
    void deleteDestinationSendsOnlyItsAddressAndPort() throws Exception {
        kernel.expect(
                        "6c000000 2400 0500 01000000 00000000 | 07010000 | " + TCP_10_0_0_1_80_KEY
                                + "| 2800 0280 | 0600 0b00 0200 0000 | 1400 0100 c0a8010a 00000000 00000000 00000000 | 0600 0200 1f90 0000")
                .reply(ack(1, PID));

        ipvs.deleteDestination(
                tcp80(), IpvsDestination.of(InetAddress.getByName("192.168.1.10"), 8080, ForwardingMethod.MASQ, 0));
    }

    @Test
    void listDestinationsDumpsWithTheServiceKey() throws Exception {
        kernel.expect("44000000 2400 0103 01000000 00000000 | 08010000 | " + TCP_10_0_0_1_80_KEY)
                .reply(done(1, PID));

        assertThat(ipvs.destinations(tcp80())).isEmpty();
    }

    @Test
    void getInfoSendsAnEmptyGetInfo() {
        kernel.expect("14000000 2400 0500 01000000 00000000 | 0f010000").reply(IpvsClientReplyTest.INFO, ack(1, PID));

        ipvs.info();
    }

    @Test
    void getTimeoutsSendsAnEmptyGetConfig() {
        kernel.expect("14000000 2400 0500 01000000 00000000 | 0d010000").reply(IpvsClientReplyTest.CONFIG, ack(1, PID));

        ipvs.timeouts();
    }

    @Test
    void setTimeoutsSendsAllThreeInSeconds() {
        // ipvsadm --set 900 120 300
        kernel.expect("2c000000 2400 0500 01000000 00000000 | 0c010000"
                        + "| 0800 0400 84030000 | 0800 0500 78000000 | 0800 0600 2c010000")
                .reply(ack(1, PID));

        ipvs.setTimeouts(IpvsConfig.ofSeconds(900, 120, 300));
    }

    @Test
    void startSyncDaemonSendsStateInterfaceAndSyncId() {
        // ipvsadm --start-daemon master --mcast-interface eth0 --syncid 1
        kernel.expect("34000000 2400 0500 01000000 00000000 | 09010000"
                        + "| 2000 0380 | 0800 0100 01000000 | 0900 0200 65746830 00000000 | 0800 0300 01000000")
                .reply(ack(1, PID));

        ipvs.startSyncDaemon(SyncDaemon.of(SyncDaemon.State.MASTER, "eth0", 1));
    }

    @Test
    void stopSyncDaemonSendsOnlyTheState() {
        kernel.expect("20000000 2400 0500 01000000 00000000 | 0a010000 | 0c00 0380 | 0800 0100 02000000")
                .reply(ack(1, PID));

        ipvs.stopSyncDaemon(SyncDaemon.State.BACKUP);
    }

    @Test
    void listSyncDaemonsDumps() {
        kernel.expect("14000000 2400 0103 01000000 00000000 | 0b010000").reply(done(1, PID));

        assertThat(ipvs.syncDaemons()).isEmpty();
    }

    @Test
    void zeroAllCountersSendsZeroWithoutAService() {
        kernel.expect("14000000 2400 0500 01000000 00000000 | 10010000").reply(ack(1, PID));

        ipvs.zeroCounters();
    }

    @Test
    void zeroOneServiceSendsZeroWithItsKey() throws Exception {
        kernel.expect("44000000 2400 0500 01000000 00000000 | 10010000 | " + TCP_10_0_0_1_80_KEY)
                .reply(ack(1, PID));

        ipvs.zeroCounters(tcp80());
    }
}
