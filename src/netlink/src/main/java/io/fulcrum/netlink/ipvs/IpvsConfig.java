package io.fulcrum.netlink.ipvs;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection timeouts (IPVS_CMD_ATTR_TIMEOUT_TCP / _TCP_FIN / _UDP), whole seconds on the wire.
 * When setting, {@link Duration#ZERO} leaves that timeout unchanged, as in ipvsadm --set.
 */
public record IpvsConfig(Duration tcp, Duration tcpFin, Duration udp) {

    public IpvsConfig {
        for (Duration d :
                new Duration[] {Objects.requireNonNull(tcp), Objects.requireNonNull(tcpFin), Objects.requireNonNull(udp)
                }) {
            if (d.isNegative() || d.getSeconds() > 0xffffffffL) {
                throw new IllegalArgumentException("timeout out of range: " + d);
            }
        }
    }

    public static IpvsConfig ofSeconds(long tcp, long tcpFin, long udp) {
        return new IpvsConfig(Duration.ofSeconds(tcp), Duration.ofSeconds(tcpFin), Duration.ofSeconds(udp));
    }
}
