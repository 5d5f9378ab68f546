package io.fulcrum.netlink;

/**
 * {@code struct nlmsghdr} ({@code linux/netlink.h}): total length including this header, message type,
 * flags, sequence number and sender port id. Fields hold the unsigned kernel values.
 */
public record NetlinkHeader(int length, int type, int flags, int sequence, int portId) {

    public boolean hasFlags(int mask) {
        return (flags & mask) == mask;
    }

    @Override
    public String toString() {
        return String.format(
                "nlmsghdr{len=%d type=0x%x flags=0x%x seq=%d pid=%d}",
                Integer.toUnsignedLong(length),
                type,
                flags,
                Integer.toUnsignedLong(sequence),
                Integer.toUnsignedLong(portId));
    }
}
