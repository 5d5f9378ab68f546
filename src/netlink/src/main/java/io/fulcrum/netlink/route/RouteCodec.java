package io.fulcrum.netlink.route;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.fulcrum.netlink.AttributeWriter;
import io.fulcrum.netlink.Attributes;
import io.fulcrum.netlink.MalformedMessageException;
import io.fulcrum.netlink.NetlinkMessage;

/** Pure encoding of {@code struct ifinfomsg} / {@code struct ifaddrmsg} requests and parsing of their replies. */
final class RouteCodec {
    private RouteCodec() {}

    /** {@code struct ifinfomsg} followed by {@code attributes}. */
    static ByteBuffer ifinfomsg(int family, int index, int flags, int change, AttributeWriter attributes) {
        ByteBuffer body = attributes.toBuffer();
        ByteBuffer out = ByteBuffer.allocate(Rtnetlink.IFINFOMSG_LEN + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change).put(body);
        return out.flip();
    }

    /** {@code struct ifaddrmsg} followed by {@code attributes}. */
    static ByteBuffer ifaddrmsg(int family, int prefixLength, int flags, int scope, int index, AttributeWriter attributes) {
        ByteBuffer body = attributes.toBuffer();
        ByteBuffer out = ByteBuffer.allocate(Rtnetlink.IFADDRMSG_LEN + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) family).put((byte) prefixLength).put((byte) flags).put((byte) scope).putInt(index).put(body);
        return out.flip();
    }

    static int family(InetAddress address) {
        return address instanceof Inet4Address ? Rtnetlink.AF_INET : Rtnetlink.AF_INET6;
    }

    static int maxPrefix(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    static Link parseLink(NetlinkMessage message) {
        ByteBuffer payload = message.payload();
        if (payload.remaining() < Rtnetlink.IFINFOMSG_LEN) {
            throw new MalformedMessageException("truncated ifinfomsg: " + payload.remaining() + " bytes");
        }
        int type = Short.toUnsignedInt(payload.getShort(2));
        int index = payload.getInt(4);
        int flags = payload.getInt(8);
        Attributes attrs = Attributes.parse(payload.position(Rtnetlink.IFINFOMSG_LEN));
        String name = attrs.require(Rtnetlink.IFLA_IFNAME, "IFLA_IFNAME").string();
        return new Link(index, name, type, flags);
    }

    static LinkAddress parseAddress(NetlinkMessage message) {
        ByteBuffer payload = message.payload();
        if (payload.remaining() < Rtnetlink.IFADDRMSG_LEN) {
            throw new MalformedMessageException("truncated ifaddrmsg: " + payload.remaining() + " bytes");
        }
        int family = Byte.toUnsignedInt(payload.get(0));
        int prefixLength = Byte.toUnsignedInt(payload.get(1));
        int flags = Byte.toUnsignedInt(payload.get(2));
        int scope = Byte.toUnsignedInt(payload.get(3));
        int index = payload.getInt(4);
        Attributes attrs = Attributes.parse(payload.position(Rtnetlink.IFADDRMSG_LEN));
        byte[] raw = attrs.find(Rtnetlink.IFA_LOCAL)
                .or(() -> attrs.find(Rtnetlink.IFA_ADDRESS))
                .orElseThrow(() -> new MalformedMessageException("RTM_NEWADDR without IFA_LOCAL or IFA_ADDRESS"))
                .bytes();
        int expected = family == Rtnetlink.AF_INET ? 4 : family == Rtnetlink.AF_INET6 ? 16 : -1;
        if (raw.length != expected) {
            throw new MalformedMessageException("address of " + raw.length + " bytes for family " + family);
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("bad address: " + e.getMessage());
        }
        if (attrs.has(Rtnetlink.IFA_FLAGS)) {
            flags = attrs.require(Rtnetlink.IFA_FLAGS, "IFA_FLAGS").u32();
        }
        String label = attrs.find(Rtnetlink.IFA_LABEL).map(a -> a.string()).orElse(null);
        return new LinkAddress(index, address, prefixLength, scope, flags, label);
    }
}
