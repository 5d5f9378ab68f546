package io.fulcrum.netlink.ipvs;

import java.util.EnumSet;
import java.util.Set;

/**
 * Virtual service flags: {@code IP_VS_SVC_F_*} of {@code linux/ip_vs.h}. IP_VS_SVC_F_HASHED is kernel
 * bookkeeping reported in dumps, not configuration, so it is left out.
 */
public enum ServiceFlag {
    /** IP_VS_SVC_F_PERSISTENT: clients stick to a destination for the service timeout. */
    PERSISTENT(0x0001),
    /** IP_VS_SVC_F_ONEPACKET: schedule every UDP datagram on its own. */
    ONE_PACKET(0x0004),
    /** IP_VS_SVC_F_SCHED1: sh-fallback for sh, mh-fallback for mh. */
    SCHED1(0x0008),
    /** IP_VS_SVC_F_SCHED2: sh-port for sh, mh-port for mh. */
    SCHED2(0x0010),
    /** IP_VS_SVC_F_SCHED3: scheduler flag 3. */
    SCHED3(0x0020);

    /** IP_VS_SVC_F_SCHED_SH_FALLBACK. */
    public static final ServiceFlag SH_FALLBACK = SCHED1;
    /** IP_VS_SVC_F_SCHED_SH_PORT. */
    public static final ServiceFlag SH_PORT = SCHED2;
    /** The mh scheduler reads the same bits (ipvsadm: mh-fallback, mh-port). */
    public static final ServiceFlag MH_FALLBACK = SCHED1;

    public static final ServiceFlag MH_PORT = SCHED2;

    private final int bit;

    ServiceFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    static int toBits(Set<ServiceFlag> flags) {
        int bits = 0;
        for (ServiceFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }

    static Set<ServiceFlag> fromBits(int bits) {
        EnumSet<ServiceFlag> flags = EnumSet.noneOf(ServiceFlag.class);
        for (ServiceFlag f : values()) {
            if ((bits & f.bit) != 0) {
                flags.add(f);
            }
        }
        return Set.copyOf(flags);
    }
}
