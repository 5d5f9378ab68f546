package io.fulcrum.netlink.route;

import static io.fulcrum.netlink.route.RouteClientRequestTest.PID;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.netlink.OneReply;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * rtnetlink replies and link notifications, fuzzed (Jazzer): the first byte picks what was asked (a link by
 * name, the link dump, the address dump, or an unasked notification datagram), the rest is the kernel's
 * whole answer. Reading it ends in links and addresses or a {@link NetlinkException}, never another
 * exception. In a normal test run it runs its committed inputs (RouteReplyFuzzTestInputs/METHOD/);
 * JAZZER_FUZZ=1 fuzzes (bin/fulcrum bench fuzz).
 */
class RouteReplyFuzzTest {
    static final int QUESTIONS = 4;

    @FuzzTest(maxDuration = "10m")
    void aRouteReplyIsReadOrRefused(byte[] input) {
        if (input.length == 0) return;
        byte[] datagram = Arrays.copyOfRange(input, 1, input.length);
        RouteClient route = RouteClient.on(new OneReply(PID, datagram));
        try {
            switch (Byte.toUnsignedInt(input[0]) % QUESTIONS) {
                case 0 -> route.link("lo");
                case 1 -> route.links();
                case 2 -> route.addresses();
                default -> LinkMonitor.parse(ByteBuffer.wrap(datagram).order(ByteOrder.LITTLE_ENDIAN));
            }
        } catch (NetlinkException | OneReply.Exhausted refused) {
            // the typed refusals
        }
    }
}
