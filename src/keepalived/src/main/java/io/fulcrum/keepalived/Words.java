package io.fulcrum.keepalived;

import io.fulcrum.model.Addresses;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** keepalived's value spellings: numbers, timers in (fractional) seconds, addresses, command lines. */
final class Words {
    private Words() {}

    static Integer integer(String s) {
        if (s == null) return null;
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The whole number keyword {@code n} takes at {@code i}, for a setting that has no "not given": a
     * missing or malformed one is refused with its file and line (keepalived would log it and carry on
     * with its default, which an import would then hide).
     */
    static int number(ConfNode n, int i) {
        Integer v = integer(n.arg(i));
        if (v == null) {
            throw new ConfException(
                    n.where(),
                    "'" + n.keyword() + "' needs a whole number, got "
                            + (n.arg(i) == null ? "nothing" : "'" + n.arg(i) + "'"));
        }
        return v;
    }

    /** A fwmark: a number from 1 to 2^32 - 1, refused with its file and line otherwise. */
    static long fwmark(ConfNode n, int i) {
        try {
            long v = Long.parseLong(String.valueOf(n.arg(i)));
            if (v >= 1 && v <= 0xFFFF_FFFFL) return v;
        } catch (NumberFormatException bad) {
            // said below
        }
        throw new ConfException(n.where(), "a fwmark is a number from 1 to 4294967295, got '" + n.arg(i) + "'");
    }

    /** A timer: seconds, possibly fractional ("0.92"). */
    static Duration seconds(String s) {
        if (s == null) return null;
        try {
            return Duration.ofNanos(new BigDecimal(s).movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** Seconds as keepalived is given them: "3", "0.5". */
    static String seconds(Duration d) {
        BigDecimal s = new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    static InetAddress address(String s) {
        return s == null ? null : Addresses.parse(s).orElse(null);
    }

    /** A command line split as keepalived splits it: on whitespace, 'single' or "double" quotes grouping. */
    static List<String> commandLine(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (cur == null) cur = new StringBuilder();
            } else if (Character.isWhitespace(c)) {
                if (cur != null) out.add(cur.toString());
                cur = null;
            } else {
                if (cur == null) cur = new StringBuilder();
                cur.append(c);
            }
        }
        if (cur != null) out.add(cur.toString());
        return out;
    }

    /** A word of a name: what keepalived names may hold that Fulcrum names may not becomes '-'. */
    static String name(String s) {
        String n = s.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (n.isEmpty()) n = "x";
        return n.length() > 63 ? n.substring(0, 63) : n;
    }

    /** A netmask (255.255.255.0) or a prefix length (24) as a prefix length. */
    static Integer prefixLength(String s) {
        Integer n = integer(s);
        if (n != null) return n;
        InetAddress a = address(s);
        if (a == null) return null;
        int len = 0;
        for (byte b : a.getAddress()) len += Integer.bitCount(b & 0xff);
        return len;
    }
}
