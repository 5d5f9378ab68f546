package io.fulcrum.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parsing of IP literals without any name resolution. */
public final class Addresses {
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private Addresses() {}

    /** Parses a numeric IPv4 or IPv6 literal; never does a DNS lookup. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) return Optional.empty();
        try {
            if (text.indexOf(':') >= 0) {
                if (!IPV6_CHARS.matcher(text).matches()) return Optional.empty();
                int lastColon = text.lastIndexOf(':');
                if (text.indexOf('.') > lastColon
                        && !IPV4.matcher(text.substring(lastColon + 1)).matches()) return Optional.empty();
                InetAddress a = InetAddress.getByName(text);
                return a instanceof Inet6Address ? Optional.of(a) : Optional.of(toMapped(a));
            }
            byte[] v4 = ipv4(text);
            return v4 == null ? Optional.empty() : Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The four bytes of a dotted-quad IPv4 literal as {@code IPV4} accepts it (decimal octets 0-255, no
     * leading zero), or null: parsed by hand, a regular expression and getByName cost more than the
     * rest of reading a real server.
     */
    static byte[] ipv4(String text) {
        byte[] out = new byte[4];
        int n = text.length(), i = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= n || text.charAt(i) != '.') return null;
                i++;
            }
            int start = i, value = 0;
            while (i < n && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9')
                value = value * 10 + (text.charAt(i++) - '0');
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) return null;
            out[octet] = (byte) value;
        }
        return i == n ? out : null;
    }

    // "::ffff:1.2.3.4" is folded by Java into an Inet4Address; keep it as what the user wrote: IPv6.
    private static InetAddress toMapped(InetAddress v4) throws UnknownHostException {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        return Inet6Address.getByAddress(null, b, -1);
    }

    public static Enums.AddressFamily family(InetAddress a) {
        return a instanceof Inet4Address ? Enums.AddressFamily.INET : Enums.AddressFamily.INET6;
    }

    /** The canonical text: dotted quad, or RFC 5952 compressed IPv6. */
    public static String format(InetAddress a) {
        if (a instanceof Inet4Address) return a.getHostAddress();
        byte[] b = a.getAddress();
        boolean mapped = true; // ::ffff:a.b.c.d keeps its dotted form (RFC 5952 §5)
        for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
        if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return "::ffff:" + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(w[i]));
        }
        return s.toString();
    }
}
