package io.fulcrum.netlink.ipvs;

import static io.fulcrum.netlink.ipvs.IpvsClientRequestTest.FAMILY;
import static io.fulcrum.netlink.ipvs.IpvsClientRequestTest.PID;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.netlink.OneReply;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * IPVS replies from the kernel, fuzzed (Jazzer): the first byte picks what was asked (info, services with and
 * without counters, destinations of an IPv4 and an IPv6 service with and without counters, timeouts, sync
 * daemons), the rest is the kernel's whole answer. Reading it ends in values or a {@link NetlinkException},
 * never another exception. In a normal test run it runs its committed inputs
 * (IpvsReplyFuzzTestInputs/METHOD/); JAZZER_FUZZ=1 fuzzes (bin/fulcrum bench fuzz).
 */
class IpvsReplyFuzzTest {
    static final int QUESTIONS = 9;

    @FuzzTest(maxDuration = "10m")
    void anIpvsReplyIsReadOrRefused(byte[] input) throws UnknownHostException {
        if (input.length == 0) return;
        byte[] datagram = Arrays.copyOfRange(input, 1, input.length);
        IpvsClient ipvs = IpvsClient.withFamily(new OneReply(PID, datagram), FAMILY);
        IpvsServiceKey v4 = IpvsServiceKey.of(IpProtocol.TCP, InetAddress.getByName("10.0.0.1"), 80);
        IpvsServiceKey v6 = IpvsServiceKey.of(IpProtocol.UDP, InetAddress.getByName("2001:db8::1"), 53);
        try {
            switch (Byte.toUnsignedInt(input[0]) % QUESTIONS) {
                case 0 -> ipvs.info();
                case 1 -> ipvs.services();
                case 2 -> ipvs.serviceSettings();
                case 3 -> ipvs.destinations(v4);
                case 4 -> ipvs.destinationStates(v4);
                case 5 -> ipvs.destinations(v6);
                case 6 -> ipvs.destinationStates(v6);
                case 7 -> ipvs.timeouts();
                default -> ipvs.syncDaemons();
            }
        } catch (NetlinkException | OneReply.Exhausted refused) {
            // the typed refusals
        }
    }
}
