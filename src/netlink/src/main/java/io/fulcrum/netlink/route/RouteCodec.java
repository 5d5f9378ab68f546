package io.fulcrum.netlink.route;

import io.fulcrum.netlink.AttributeWriter;
import io.fulcrum.netlink.Attributes;
import io.fulcrum.netlink.MalformedMessageException;
import io.fulcrum.netlink.NetlinkMessage;
import io.fulcrum.netlink.WireAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/** Pure encoding of {@code struct ifinfomsg} / {@code struct ifaddrmsg} requests and parsing of their replies. */
final class RouteCodec {
    private RouteCodec() {}

    /** {@code struct ifinfomsg} followed by {@code attributes}. */
    static ByteBuffer ifinfomsg(int family, int index, int flags, int change, AttributeWriter attributes) {
        ByteBuffer body = attributes.toBuffer();
        ByteBuffer out =
                ByteBuffer.allocate(Rtnetlink.IFINFOMSG_LEN + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) family)
                .put((byte) 0)
                .putShort((short) 0)
                .putInt(index)
                .putInt(flags)
                .putInt(change)
                .put(body);
        return out.flip();
    }

    /** {@code struct ifaddrmsg} followed by {@code attributes}. */
    static ByteBuffer ifaddrmsg(
            int family, int prefixLength, int flags, int scope, int index, AttributeWriter attributes) {
        ByteBuffer body = attributes.toBuffer();
        ByteBuffer out =
                ByteBuffer.allocate(Rtnetlink.IFADDRMSG_LEN + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) family)
                .put((byte) prefixLength)
                .put((byte) flags)
                .put((byte) scope)
                .putInt(index)
                .put(body);
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
        String mac = attrs.find(Rtnetlink.IFLA_ADDRESS)
                .map(a -> hardwareAddress(a.bytes()))
                .orElse(null);
        int parent = attrs.find(Rtnetlink.IFLA_LINK).map(a -> a.u32()).orElse(0);
        String kind = attrs.find(Rtnetlink.IFLA_LINKINFO)
                .flatMap(a -> a.nested().find(Rtnetlink.IFLA_INFO_KIND))
                .map(a -> a.string())
                .orElse(null);
        return new Link(index, name, type, flags, mac, parent, kind);
    }

    /** {@code 00:00:5e:00:01:33}: lower-case hex octets joined by colons, as {@code ip link} prints them. */
    static String hardwareAddress(byte[] raw) {
        return HexFormat.ofDelimiter(":").formatHex(raw);
    }

    /**
     * RTM_NEWLINK for a macvlan: {@code ip link add NAME link PARENT address MAC type macvlan mode MODE}.
     * IFLA_LINKINFO nests IFLA_INFO_KIND "macvlan" and IFLA_INFO_DATA with IFLA_MACVLAN_MODE (u32),
     * in the order keepalived's netlink_link_add_vmac writes them, then IFLA_LINK, IFLA_IFNAME, IFLA_ADDRESS.
     */
    static ByteBuffer macvlan(String name, int parentIndex, byte[] mac, int mode) {
        AttributeWriter w = new AttributeWriter()
                .nested(
                        Rtnetlink.IFLA_LINKINFO,
                        info -> info.string(Rtnetlink.IFLA_INFO_KIND, Rtnetlink.KIND_MACVLAN)
                                .nested(Rtnetlink.IFLA_INFO_DATA, data -> data.u32(Rtnetlink.IFLA_MACVLAN_MODE, mode)))
                .u32(Rtnetlink.IFLA_LINK, parentIndex)
                .string(Rtnetlink.IFLA_IFNAME, name)
                .bytes(Rtnetlink.IFLA_ADDRESS, mac);
        return ifinfomsg(Rtnetlink.AF_UNSPEC, 0, 0, 0, w);
    }

    /** RTM_NEWLINK of IFLA_AF_SPEC / AF_INET6 / IFLA_INET6_ADDR_GEN_MODE (u8): {@code ip link set INDEX addrgenmode MODE}. */
    static ByteBuffer ipv6AddressGenerationMode(int index, int mode) {
        AttributeWriter w = new AttributeWriter()
                .nested(
                        Rtnetlink.IFLA_AF_SPEC,
                        spec -> spec.nested(
                                Rtnetlink.AF_INET6, inet6 -> inet6.u8(Rtnetlink.IFLA_INET6_ADDR_GEN_MODE, mode)));
        return ifinfomsg(Rtnetlink.AF_UNSPEC, index, 0, 0, w);
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
        InetAddress address = WireAddresses.of(raw); // IPv4-mapped stays IPv6
        if (attrs.has(Rtnetlink.IFA_FLAGS)) {
            flags = attrs.require(Rtnetlink.IFA_FLAGS, "IFA_FLAGS").u32();
        }
        String label = attrs.find(Rtnetlink.IFA_LABEL).map(a -> a.string()).orElse(null);
        return new LinkAddress(index, address, prefixLength, scope, flags, label);
    }
}
