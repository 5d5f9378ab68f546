package io.fulcrum.vrrp.packet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP ADVERTISEMENT (RFC 3768 §5.1 for version 2, RFC 5798 §5.1 for version 3), without its
 * checksum, which {@link AdvertCodec} computes and verifies.
 *
 * @param interval    Adver Int in the version's unit: whole seconds (v2, RFC 3768 §5.3.7) or
 *                    centiseconds (v3 Max Adver Int, 12 bits, RFC 5798 §5.2.7)
 * @param authType    v2 Auth Type (RFC 3768 §5.3.6); 0 for v3, which has none
 * @param authData    v2 Authentication Data, 8 octets (RFC 3768 §5.3.10); empty for v3. Never printed.
 */
public record Advertisement(
        int version, int vrid, int priority, int authType, int interval, List<InetAddress> addresses, byte[] authData) {

    public Advertisement {
        if (version != Vrrp.VERSION_2 && version != Vrrp.VERSION_3)
            throw new IllegalArgumentException("VRRP version " + version + " is not 2 or 3");
        if (vrid < 0 || vrid > 255) throw new IllegalArgumentException("VRID " + vrid + " out of 0..255");
        if (priority < 0 || priority > 255)
            throw new IllegalArgumentException("priority " + priority + " out of 0..255");
        if (authType < 0 || authType > 255)
            throw new IllegalArgumentException("auth type " + authType + " out of 0..255");
        int max = version == Vrrp.VERSION_2 ? 255 : Vrrp.V3_INTERVAL_MASK;
        if (interval < 0 || interval > max)
            throw new IllegalArgumentException("interval " + interval + " out of 0.." + max);
        addresses = List.copyOf(addresses);
        if (addresses.size() > Vrrp.MAX_ADDRESSES)
            throw new IllegalArgumentException(addresses.size() + " addresses; the Count field holds at most 255");
        authData = authData == null ? new byte[0] : authData.clone();
        if (version == Vrrp.VERSION_2 && authData.length != Vrrp.AUTH_DATA_LENGTH)
            throw new IllegalArgumentException("VRRPv2 authentication data is 8 octets");
        if (version == Vrrp.VERSION_3 && authData.length != 0)
            throw new IllegalArgumentException("VRRPv3 has no authentication data");
    }

    /** A VRRPv2 advert; {@code password} null or empty means auth type 0 (none). */
    public static Advertisement v2(
            int vrid, int priority, int intervalSeconds, List<InetAddress> addresses, byte[] password) {
        byte[] data = new byte[Vrrp.AUTH_DATA_LENGTH];
        boolean pass = password != null && password.length > 0;
        if (pass) System.arraycopy(password, 0, data, 0, Math.min(password.length, data.length));
        return new Advertisement(
                Vrrp.VERSION_2,
                vrid,
                priority,
                pass ? Vrrp.AUTH_SIMPLE_TEXT : Vrrp.AUTH_NONE,
                intervalSeconds,
                addresses,
                data);
    }

    public static Advertisement v3(int vrid, int priority, int intervalCentiseconds, List<InetAddress> addresses) {
        return new Advertisement(Vrrp.VERSION_3, vrid, priority, 0, intervalCentiseconds, addresses, null);
    }

    /** The interval as a duration, in the version's unit. */
    public Duration intervalDuration() {
        return version == Vrrp.VERSION_2 ? Duration.ofSeconds(interval) : Duration.ofMillis(interval * 10L);
    }

    /** True when the addresses are IPv4 (or there are none and the advert is v2). */
    public boolean ipv4() {
        return addresses.isEmpty() ? version == Vrrp.VERSION_2 : addresses.get(0) instanceof Inet4Address;
    }

    @Override
    public byte[] authData() {
        return authData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Advertisement a
                && a.version == version
                && a.vrid == vrid
                && a.priority == priority
                && a.authType == authType
                && a.interval == interval
                && a.addresses.equals(addresses)
                && Arrays.equals(a.authData, authData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, vrid, priority, authType, interval, addresses, Arrays.hashCode(authData));
    }

    /** Never shows the authentication data (a password in clear, RFC 3768 §5.3.6.1). */
    @Override
    public String toString() {
        return "Advertisement[v" + version + " vrid=" + vrid + " priority=" + priority + " interval=" + interval
                + (version == Vrrp.VERSION_2 ? "s auth=" + authType : "cs") + " addresses="
                + addresses.stream().map(InetAddress::getHostAddress).toList() + "]";
    }
}
