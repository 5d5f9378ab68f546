package io.fulcrum.netlink;

import static io.fulcrum.netlink.FakeKernel.ack;
import static io.fulcrum.netlink.FakeKernel.done;
import static io.fulcrum.netlink.FakeKernel.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetlinkConnectionTest {
    private static final int PID = 100;
    private static final String REQUEST = "14000000 2400 0500 01000000 00000000 01010000";
    private static final String DUMP = "14000000 2400 0103 01000000 00000000 04010000";

    private final FakeKernel kernel = new FakeKernel(PID);
    private final NetlinkConnection connection = new NetlinkConnection(kernel);

    private List<NetlinkMessage> send() {
        return connection.request(0x24, false, Hex.buffer("01010000"), "TEST");
    }

    private List<NetlinkMessage> dump() {
        return connection.request(0x24, true, Hex.buffer("04010000"), "TEST");
    }

    @Test
    void aPlainRequestEndsAtItsAck() {
        kernel.expect(REQUEST).reply(ack(1, PID));

        assertThat(send()).isEmpty();
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void numbersRequestsConsecutively() {
        kernel.expect(REQUEST).reply(ack(1, PID));
        kernel.expect("14000000 2400 0500 02000000 00000000 01010000").reply(ack(2, PID));

        send();
        send();
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void assemblesAMultipartDumpSpreadOverDatagrams() {
        kernel.expect(DUMP)
                .reply(
                        "14000000 2400 0200 01000000 64000000 01010000 14000000 2400 0200 01000000 64000000 01010000",
                        "14000000 2400 0200 01000000 64000000 01010000" + done(1, PID));

        assertThat(dump()).hasSize(3);
    }

    @Test
    void mapsEexistToExistsException() {
        kernel.expect(REQUEST).reply(error(1, PID, 17));

        assertThatThrownBy(this::send)
                .isInstanceOf(ExistsException.class)
                .hasMessageContaining("TEST: EEXIST")
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(17));
    }

    @Test
    void mapsEnoentAndEsrchToNotFoundException() {
        kernel.expect(REQUEST).reply(error(1, PID, 2));
        kernel.expect("14000000 2400 0500 02000000 00000000 01010000").reply(error(2, PID, 3));

        assertThatThrownBy(this::send).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(this::send).isInstanceOf(NotFoundException.class).hasMessageContaining("ESRCH");
    }

    @Test
    void mapsEinvalAndEpermToTheirExceptions() {
        kernel.expect(REQUEST).reply(error(1, PID, 22));
        kernel.expect("14000000 2400 0500 02000000 00000000 01010000").reply(error(2, PID, 1));

        assertThatThrownBy(this::send).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(this::send).isInstanceOf(PermissionException.class);
    }

    @Test
    void keepsAnUnnamedErrnoAsAGenericErrnoException() {
        kernel.expect(REQUEST).reply(error(1, PID, 200));

        assertThatThrownBy(this::send)
                .isExactlyInstanceOf(ErrnoException.class)
                .satisfies(e -> assertThat(((ErrnoException) e).errnoName()).isEqualTo("errno 200"));
    }

    @Test
    void carriesTheExtendedAckMessageIntoTheException() {
        // NLMSG_ERROR -EINVAL, NLM_F_CAPPED|NLM_F_ACK_TLVS, echoed header, NLMSGERR_ATTR_MSG "bad".
        kernel.expect(REQUEST)
                .reply(
                        "2c000000 0200 0003 01000000 64000000 eaffffff 14000000 2400 0500 01000000 00000000 0800 0100 62616400");

        assertThatThrownBy(this::send)
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageEndingWith(": bad");
    }

    @Test
    void rejectsAReplyWithAnotherSequenceNumber() {
        kernel.expect(REQUEST).reply(ack(9, PID));

        assertThatThrownBy(this::send)
                .isInstanceOf(UnexpectedReplyException.class)
                .hasMessageContaining("sequence number 9, request had 1");
    }

    @Test
    void rejectsAReplyAddressedToAnotherPort() {
        kernel.expect(REQUEST).reply(ack(1, 4242));

        assertThatThrownBy(this::send)
                .isInstanceOf(UnexpectedReplyException.class)
                .hasMessageContaining("port id 4242");
    }

    @Test
    void rejectsAnErrorMessageWithAShortPayload() {
        kernel.expect(REQUEST).reply("18000000 0200 0000 01000000 64000000 feffffff 00000000");

        assertThatThrownBy(this::send)
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("struct nlmsgerr needs 20");
    }

    @Test
    void reportsAnInterruptedDumpAfterReadingItToTheEnd() {
        kernel.expect(DUMP).reply("14000000 2400 1200 01000000 64000000 01010000", done(1, PID));

        assertThatThrownBy(this::dump).isInstanceOf(DumpInterruptedException.class);
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void reportsAFailedDumpFromTheDoneStatus() {
        kernel.expect(DUMP).reply("14000000 0300 0200 01000000 64000000 a6ffffff");

        assertThatThrownBy(this::dump).isInstanceOf(ErrnoException.class).hasMessageContaining("EMSGSIZE");
    }

    @Test
    void rejectsATruncatedReply() {
        kernel.expect(REQUEST).reply("24000000 0200 0001 01000000 64000000 00000000");

        assertThatThrownBy(this::send).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void acceptsTheMessageBeforeTheAckAsTheReply() {
        kernel.expect(REQUEST).reply("18000000 2400 0000 01000000 64000000 0e010000 aabbccdd", ack(1, PID));

        List<NetlinkMessage> replies = send();
        assertThat(replies).hasSize(1);
        ByteBuffer payload = replies.get(0).payload();
        assertThat(Hex.of(payload)).isEqualTo("0e010000aabbccdd");
    }
}
