package io.fulcrum.netlink;

import static io.fulcrum.netlink.FakeKernel.ack;
import static io.fulcrum.netlink.FakeKernel.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetlinkBatchTest {
    private static final int PID = 100;
    private final FakeKernel kernel = new FakeKernel(PID);
    private final NetlinkConnection connection = new NetlinkConnection(kernel);

    private static NetlinkConnection.Request request(String payloadHex) {
        return new NetlinkConnection.Request(0x24, Hex.buffer(payloadHex), "TEST " + payloadHex);
    }

    @Test
    void sendsTheRequestsInOneDatagramAndOnlyTheLastAsksForAnAck() {
        // seq 1: NLM_F_REQUEST only (0x0001); seq 2: NLM_F_REQUEST|NLM_F_ACK (0x0005)
        kernel.expect("14000000 2400 0100 01000000 00000000 01010000" + "14000000 2400 0500 02000000 00000000 02010000")
                .reply(ack(2, PID));

        assertThat(connection.requestAll(List.of(request("01010000"), request("02010000"))))
                .isEmpty();
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void reportsEveryFailureByItsPlaceAndGoesOnToTheLastAck() {
        kernel.expect("14000000 2400 0100 01000000 00000000 01010000" + "14000000 2400 0100 02000000 00000000 02010000"
                        + "14000000 2400 0500 03000000 00000000 03010000")
                .reply(error(1, PID, 17), error(2, PID, 2) + ack(3, PID));

        var failures = connection.requestAll(List.of(request("01010000"), request("02010000"), request("03010000")));

        assertThat(failures).containsOnlyKeys(0, 1);
        assertThat(failures.get(0)).isInstanceOf(ExistsException.class).hasMessageContaining("TEST 01010000");
        assertThat(failures.get(1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aFailedLastRequestAlsoEndsTheBatch() {
        kernel.expect("14000000 2400 0500 01000000 00000000 01010000").reply(error(1, PID, 22));

        assertThat(connection.requestAll(List.of(request("01010000")))).containsOnlyKeys(0);
    }

    @Test
    void splitsALargeBatchOverSeveralDatagrams() {
        List<NetlinkConnection.Request> many = new ArrayList<>();
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        int perDatagram = NetlinkConnection.BATCH_BYTES / 20;
        for (int i = 1; i <= perDatagram + 1; i++) {
            many.add(request("01010000"));
            String seq = String.format("%02x%02x%02x%02x", i & 0xff, (i >> 8) & 0xff, 0, 0);
            String flags = i == perDatagram + 1 ? "0500" : "0100";
            (i <= perDatagram ? first : second)
                    .append("14000000 2400 ")
                    .append(flags)
                    .append(' ')
                    .append(seq)
                    .append(" 00000000 01010000");
        }
        kernel.expect(first.toString());
        kernel.expect(second.toString()).reply(ack(perDatagram + 1, PID));

        assertThat(connection.requestAll(many)).isEmpty();
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void aReplyOutsideTheBatchIsRejected() {
        kernel.expect("14000000 2400 0500 01000000 00000000 01010000").reply(ack(9, PID));

        assertThatThrownBy(() -> connection.requestAll(List.of(request("01010000"))))
                .isInstanceOf(UnexpectedReplyException.class)
                .hasMessageContaining("sequence number 9");
    }
}
