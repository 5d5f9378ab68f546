package io.fulcrum.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenericNetlinkTest {
    private static final int PID = 100;
    // nlmsghdr{len 32, GENL_ID_CTRL, REQUEST|ACK, seq 1, pid 0} genlmsghdr{CTRL_CMD_GETFAMILY, v1}
    // CTRL_ATTR_FAMILY_NAME "IPVS\0" padded to 8.
    private static final String GET_IPVS_FAMILY =
            "20000000 1000 0500 01000000 00000000 | 03010000 | 0900 0200 49505653 00000000";

    private final FakeKernel kernel = new FakeKernel(PID);
    private final GenericNetlink genl = new GenericNetlink(new NetlinkConnection(kernel));

    @Test
    void resolvesAFamilyNameToItsId() {
        kernel.expect(GET_IPVS_FAMILY)
                .reply(
                        "40000000 1000 0000 01000000 64000000 | 01020000"
                                + "| 0900 0200 49505653 00000000 | 0600 0100 2400 0000 | 0800 0300 01000000"
                                + "| 0800 0400 00000000 | 0800 0500 06000000",
                        FakeKernel.ack(1, PID));

        assertThat(genl.resolve("IPVS")).isEqualTo(new GenlFamily(0x24, "IPVS", 1, 0, 6));
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void reportsAnUnknownFamilyAsNotFound() {
        kernel.expect(GET_IPVS_FAMILY).reply(FakeKernel.error(1, PID, 2));

        assertThatThrownBy(() -> genl.resolve("IPVS"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("CTRL_CMD_GETFAMILY IPVS: ENOENT");
    }

    @Test
    void rejectsAFamilyReplyWithoutItsId() {
        kernel.expect(GET_IPVS_FAMILY)
                .reply(
                        "20000000 1000 0000 01000000 64000000 01020000 0900 0200 49505653 00000000",
                        FakeKernel.ack(1, PID));

        assertThatThrownBy(() -> genl.resolve("IPVS"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("CTRL_ATTR_FAMILY_ID");
    }

    @Test
    void rejectsAGenericMessageShorterThanItsHeader() {
        kernel.expect(GET_IPVS_FAMILY).reply("12000000 1000 0000 01000000 64000000 0102", FakeKernel.ack(1, PID));

        assertThatThrownBy(() -> genl.resolve("IPVS"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("genlmsghdr");
    }
}
