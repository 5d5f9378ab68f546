package io.fulcrum.model;

/**
 * The closed vocabularies of the model. Wire spellings are derived in one place
 * ({@link io.fulcrum.model.codec.DocumentCodec}): lower case, '_' written as '-'.
 */
public final class Enums {
    private Enums() {}

    /** IPVS service protocols (linux/ip_vs.h IPVS_SVC_ATTR_PROTOCOL: IPPROTO_TCP/UDP/SCTP). */
    public enum Protocol {
        TCP,
        UDP,
        SCTP
    }

    /** Address families: AF_INET, AF_INET6. */
    public enum AddressFamily {
        INET,
        INET6
    }

    /** Every scheduler the kernel ships (net/netfilter/ipvs/ip_vs_*.c). */
    public enum Scheduler {
        RR,
        WRR,
        LC,
        WLC,
        LBLC,
        LBLCR,
        DH,
        SH,
        SED,
        NQ,
        FO,
        OVF,
        MH,
        TWOS
    }

    /** Scheduler flags (linux/ip_vs.h IP_VS_SVC_F_SCHED1..3 as sh/mh interpret them). */
    public enum SchedulerFlag {
        SH_FALLBACK(Scheduler.SH),
        SH_PORT(Scheduler.SH),
        MH_FALLBACK(Scheduler.MH),
        MH_PORT(Scheduler.MH);
        public final Scheduler scheduler;

        SchedulerFlag(Scheduler scheduler) {
            this.scheduler = scheduler;
        }
    }

    /**
     * Forwarding methods (linux/ip_vs.h IP_VS_CONN_F_MASQ, _DROUTE, _TUNNEL). FULLNAT is masquerading
     * plus netfilter source NAT to one of the director's {@code fullnatAddresses} (mainline kernels
     * have no IPVS FULLNAT): IPVS sees it as MASQ.
     */
    public enum Forwarding {
        NAT,
        DR,
        TUN,
        FULLNAT
    }

    /** Tunnel encapsulations (linux/ip_vs.h IP_VS_CONN_F_TUNNEL_TYPE_IPIP/GUE/GRE). */
    public enum TunnelType {
        IPIP,
        GUE,
        GRE
    }

    /** Tunnel checksum modes (linux/ip_vs.h IP_VS_TUNNEL_ENCAP_FLAG_CSUM/REMCSUM). */
    public enum TunnelChecksum {
        NONE,
        CSUM,
        REMCSUM
    }

    /** The operator's intent for a real server. */
    public enum AdminState {
        ENABLED,
        DRAINING,
        DISABLED
    }

    /** The state a VRRP member starts in (keepalived "state MASTER|BACKUP"). */
    public enum InitialState {
        MASTER,
        BACKUP
    }

    /** VRRPv2 authentication (RFC 3768 §5.3.6; AH is not supported: RFC 3768 §5.3.6.3 deprecates it). */
    public enum AuthType {
        NONE,
        PASS
    }

    public enum CheckType {
        NONE,
        TCP,
        HTTP,
        HTTPS,
        SMTP,
        DNS,
        UDP,
        MISC,
        /** ICMP echo (keepalived PING_CHECK): no port. */
        PING
    }

    public enum DnsType {
        A,
        AAAA,
        CNAME,
        MX,
        NS,
        SOA,
        TXT
    }

    public enum Role {
        VIEWER,
        OPERATOR,
        ADMIN;

        public boolean allows(Role needed) {
            return ordinal() >= needed.ordinal();
        }
    }
}
