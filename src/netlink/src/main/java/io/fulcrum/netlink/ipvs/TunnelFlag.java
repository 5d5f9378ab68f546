package io.fulcrum.netlink.ipvs;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * GUE/GRE checksum options: {@code IP_VS_TUNNEL_ENCAP_FLAG_*} of {@code linux/ip_vs.h}. No flag at
 * all is IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM (0).
 */
public enum TunnelFlag {
    CSUM(1 << 0),
    REMCSUM(1 << 1);

    /** values() copies its array on every call; parsing a dump calls this per destination. */
    private static final TunnelFlag[] ALL = values();

    private final int bit;

    TunnelFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    static int toBits(Set<TunnelFlag> flags) {
        int bits = 0;
        for (TunnelFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }

    /** Every combination, made once and indexed by its bits: a dump asks for one set per destination. */
    private static final List<Set<TunnelFlag>> BY_BITS =
            IntStream.range(0, 1 << ALL.length).mapToObj(TunnelFlag::make).toList();

    /** Every flag's bit: the kernel's other bits are not ours to read. */
    private static final int KNOWN = BY_BITS.size() - 1;

    static Set<TunnelFlag> fromBits(int bits) {
        return BY_BITS.get(bits & KNOWN);
    }

    private static Set<TunnelFlag> make(int bits) {
        EnumSet<TunnelFlag> flags = EnumSet.noneOf(TunnelFlag.class);
        for (TunnelFlag f : ALL) {
            if ((bits & f.bit) != 0) {
                flags.add(f);
            }
        }
        return Set.copyOf(flags);
    }
}
