package io.fulcrum.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetlinkCodecTest {

    @Test
    void encodesTheHeaderInHostOrderAndPadsThePayload() {
        ByteBuffer message = NetlinkMessage.encode(
                0x24, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 7, 0, Hex.buffer("010100 00 aa"));

        // nlmsg_len counts the unpadded payload; the buffer is padded to 4 bytes.
        assertThat(Hex.of(message))
                .isEqualTo(Hex.of(Hex.buffer("15000000 2400 0500 07000000 00000000 01010000 aa000000")));
    }

    @Test
    void splitsADatagramIntoItsMessages() {
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(Hex.buffer(
                "14000000 2400 0200 05000000 64000000 01020304" + "14000000 0300 0200 05000000 64000000 00000000"));

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).header()).isEqualTo(new NetlinkHeader(20, 0x24, Netlink.NLM_F_MULTI, 5, 100));
        assertThat(Hex.of(messages.get(0).payload())).isEqualTo("01020304");
        assertThat(messages.get(1).header().type()).isEqualTo(Netlink.NLMSG_DONE);
    }

    @Test
    void rejectsAHeaderCutShort() {
        assertThatThrownBy(() -> NetlinkMessage.parseAll(Hex.buffer("14000000 2400 0200 05")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("truncated nlmsghdr");
    }

    @Test
    void rejectsAMessageLengthRunningPastTheDatagram() {
        assertThatThrownBy(() -> NetlinkMessage.parseAll(Hex.buffer("40000000 2400 0000 01000000 64000000 01010000")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("runs past");
    }

    @Test
    void rejectsAMessageLengthShorterThanTheHeader() {
        assertThatThrownBy(() -> NetlinkMessage.parseAll(Hex.buffer("08000000 2400 0000 01000000 64000000")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("shorter than the header");
    }

    @Test
    void writesAttributesAlignedAndNestedWithTheNestedFlag() {
        ByteBuffer attrs = new AttributeWriter()
                .u8(1, 0xab)
                .be16(2, 80)
                .string(3, "rr")
                .nested(4, n -> n.u32(1, 0x01020304).u64(2, 1L))
                .toBuffer();

        assertThat(Hex.of(attrs))
                .isEqualTo(Hex.of(Hex.buffer("0500 0100 ab000000"
                        + "0600 0200 0050 0000"
                        + "0700 0300 727200 00"
                        + "1800 0480 | 0800 0100 04030201 | 0c00 0200 0100000000000000")));
    }

    @Test
    void readsBackWhatTheWriterWrote() {
        Attributes attrs = Attributes.parse(new AttributeWriter()
                .u16(1, 0xbeef)
                .be32(2, 0xffffff00)
                .string(3, "eth0")
                .nested(4, n -> n.u8(9, 7))
                .toBuffer());

        assertThat(attrs.require(1, "a").u16()).isEqualTo(0xbeef);
        assertThat(attrs.require(2, "b").be32()).isEqualTo(0xffffff00);
        assertThat(attrs.require(3, "c").string()).isEqualTo("eth0");
        assertThat(attrs.require(4, "d").nestedFlag()).isTrue();
        assertThat(attrs.require(4, "d").nested().require(9, "e").u8()).isEqualTo(7);
        assertThat(attrs.find(5)).isEmpty();
    }

    @Test
    void rejectsAnAttributeHeaderCutShort() {
        assertThatThrownBy(() -> Attributes.parse(Hex.buffer("0800 0100 01000000 0800")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("truncated nlattr header");
    }

    @Test
    void rejectsAnAttributeLengthRunningPastTheRegion() {
        assertThatThrownBy(() -> Attributes.parse(Hex.buffer("1000 0100 01000000")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("runs past");
    }

    @Test
    void rejectsAnAttributeLengthShorterThanItsHeader() {
        assertThatThrownBy(() -> Attributes.parse(Hex.buffer("0200 0100 01000000")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("shorter than its header");
    }

    @Test
    void rejectsAValueOfTheWrongWidth() {
        Attribute threeBytes =
                Attributes.parse(Hex.buffer("0700 0100 010203 00")).require(1, "x");

        assertThatThrownBy(threeBytes::u32)
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected 4 bytes, got 3");
    }

    @Test
    void refusesValuesThatDoNotFitTheirWidth() {
        assertThatThrownBy(() -> new AttributeWriter().u16(1, 0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttributeWriter().u8(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
