package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/** Hex strings for golden bytes; whitespace and '|' are ignored so tests can group fields. */
public final class Hex {
    private Hex() {}

    public static ByteBuffer buffer(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex.replaceAll("[\\s|]", "")))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    public static String of(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
