package io.fulcrum.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class AttributeIndexTest {
    /** u8 1 = 7, u16 2 = 0x1234, u32 3 = 0xdeadbeef, be16 4 = 8080, u64 5 = 2^40 + 1, nest 6 { u32 1 = 9 }, type 40 (unknown). */
    static final String ATTRS = "0500 0100 07000000 | 0600 0200 3412 0000 | 0800 0300 efbeadde | 0600 0400 1f90 0000"
            + "| 0c00 0500 0100000000010000 | 0c00 0680 0800 0100 09000000 | 0800 2800 01000000";

    @Test
    void readsEachTypeInPlace() {
        AttributeIndex a = new AttributeIndex(6);
        ByteBuffer b = Hex.buffer(ATTRS);
        a.parse(b, 0, b.limit());

        assertThat(a.u8(1, "one")).isEqualTo(7);
        assertThat(a.u16(2, "two")).isEqualTo(0x1234);
        assertThat(a.u32(3, "three")).isEqualTo(0xdeadbeef);
        assertThat(a.be16(4, "four")).isEqualTo(8080);
        assertThat(a.u64(5, "five")).isEqualTo((1L << 40) + 1);
        assertThat(a.nested(6, "six", new AttributeIndex(1)).u32(1, "nested")).isEqualTo(9);
        assertThat(a.has(40)).isFalse(); // above maxType: skipped
        assertThat(a.u32(7, 42)).isEqualTo(42);
        assertThat(a.length(6)).isEqualTo(8);
    }

    @Test
    void readsTheSameFromABufferWithoutAnArray() {
        ByteBuffer heap = Hex.buffer("0000 0000" + ATTRS); // an offset into the buffer, too
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.limit())
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(heap.duplicate())
                .flip();
        AttributeIndex a = new AttributeIndex(6).parse(direct, 4, direct.limit());

        assertThat(a.u8(1, "one")).isEqualTo(7);
        assertThat(a.u16(2, "two")).isEqualTo(0x1234);
        assertThat(a.u32(3, "three")).isEqualTo(0xdeadbeef);
        assertThat(a.be16(4, "four")).isEqualTo(8080);
        assertThat(a.u64(5, "five")).isEqualTo((1L << 40) + 1);
    }

    @Test
    void readsASliceAtItsArrayOffset() {
        ByteBuffer slice = Hex.buffer("ffff ffff" + ATTRS).position(4).slice().order(ByteOrder.LITTLE_ENDIAN);
        AttributeIndex a = new AttributeIndex(6).parse(slice, 0, slice.limit());

        assertThat(a.u32(3, "three")).isEqualTo(0xdeadbeef);
        assertThat(a.be16(4, "four")).isEqualTo(8080);
    }

    @Test
    void theLastOfATypeWinsAndAParseForgetsTheRegionBefore() {
        AttributeIndex a = new AttributeIndex(3);
        ByteBuffer b = Hex.buffer("0800 0300 01000000 | 0800 0300 02000000");
        assertThat(a.parse(b, 0, b.limit()).u32(3, "three")).isEqualTo(2);

        ByteBuffer other = Hex.buffer("0600 0200 0100 0000");
        a.parse(other, 0, other.limit());
        assertThat(a.has(3)).isFalse();
        assertThat(a.u16(2, "two")).isEqualTo(1);
    }

    @Test
    void rejectsWhatAttributesRejects() {
        AttributeIndex a = new AttributeIndex(3);
        ByteBuffer truncated = Hex.buffer("0800 0300 01000000 0400");
        assertThatThrownBy(() -> a.parse(truncated, 0, truncated.limit()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("truncated nlattr header");
        ByteBuffer shortLength = Hex.buffer("0200 0300");
        assertThatThrownBy(() -> a.parse(shortLength, 0, shortLength.limit()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("shorter than its header");
        ByteBuffer pastEnd = Hex.buffer("1000 0300 01000000");
        assertThatThrownBy(() -> a.parse(pastEnd, 0, pastEnd.limit()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("runs past the end");
    }

    @Test
    void aMissingOrWrongWidthValueIsMalformed() {
        AttributeIndex a = new AttributeIndex(3);
        ByteBuffer b = Hex.buffer("0600 0200 0100 0000");
        a.parse(b, 0, b.limit());

        assertThatThrownBy(() -> a.u32(2, "TWO"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("attribute 2: expected 4 bytes, got 2");
        assertThatThrownBy(() -> a.u32(3, "THREE"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("missing attribute THREE");
        assertThatThrownBy(() -> a.u32(2, 0)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void readsAStringUpToItsNul() {
        ByteBuffer b = Hex.buffer("0800 0100 77727200");
        assertThat(new AttributeIndex(1).parse(b, 0, b.limit()).string(1, "name"))
                .isEqualTo("wrr");
    }
}
