package io.fulcrum.netlink.ipvs;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What identifies a virtual service to the kernel: either protocol + address + port, or a firewall
 * mark (then protocol and address are null and port is 0). The family is explicit because a
 * firewall-mark service has no address to derive it from.
 */
public record IpvsServiceKey(AddressFamily family, IpProtocol protocol, InetAddress address, int port, int fwmark) {

    public IpvsServiceKey {
        Objects.requireNonNull(family, "family");
        if (fwmark != 0) {
            if (protocol != null || address != null || port != 0) {
                throw new IllegalArgumentException("a firewall-mark service has no protocol, address or port");
            }
        } else {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(address, "address");
            if (AddressFamily.of(address) != family) {
                throw new IllegalArgumentException(address + " is not an " + family + " address");
            }
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    public static IpvsServiceKey of(IpProtocol protocol, InetAddress address, int port) {
        return new IpvsServiceKey(AddressFamily.of(address), protocol, address, port, 0);
    }

    public static IpvsServiceKey fwmark(AddressFamily family, int mark) {
        if (mark == 0) {
            throw new IllegalArgumentException("firewall mark 0 means no mark");
        }
        return new IpvsServiceKey(family, null, null, 0, mark);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    @Override
    public String toString() {
        return isFwmark()
                ? "FWM " + Integer.toUnsignedString(fwmark) + " " + family
                : protocol + " "
                        + (family == AddressFamily.INET6
                                ? "[" + address.getHostAddress() + "]"
                                : address.getHostAddress())
                        + ":" + port;
    }
}
