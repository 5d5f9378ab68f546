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

    /**
     * The timer keyword {@code n} takes at {@code i}, in (fractional) seconds: a missing or malformed one
     * is refused with its file and line, as {@link #number} refuses a number (keepalived would log it as
     * "not valid" or "invalid - ignoring" and carry on with its default, which an import would then hide).
     */
    static Duration seconds(ConfNode n, int i) {
        Duration v = seconds(n.arg(i));
        if (v == null) {
            throw new ConfException(
                    n.where(),
                    "'" + n.keyword() + "' needs seconds, got "
                            + (n.arg(i) == null ? "nothing" : "'" + n.arg(i) + "'"));
        }
        return v;
    }

    /** Seconds as keepalived is given them: "3", "0.5". */
    static String seconds(Duration d) {
        BigDecimal s = new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    static InetAddress address(String s) {
        return s == null ? null : Addresses.parse(s).orElse(null);
    }

    /**
     * A command line split into words as keepalived splits a script's string (alloc_strvec_quoted_escaped,
     * lib/parser.c): on whitespace; 'single' or "double" quotes group (and are dropped); a backslash escapes
     * the next character, with C's \\a \\b \\f \\n \\r \\t \\v, \\E (escape), \\cX (control-X) and up to
     * three octal digits. An unmatched quote (keepalived: "missing terminating") gives null.
     */
    static List<String> commandLine(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (cur == null) cur = new StringBuilder();
                i = escape(s, i + 1, cur);
                continue;
            }
            i++;
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
        if (quote != 0) return null;
        if (cur != null) out.add(cur.toString());
        return out;
    }

    /** The escape at {@code i} (after the backslash) appended to {@code to}; where the text goes on. */
    private static int escape(String s, int i, StringBuilder to) {
        char e = s.charAt(i);
        if (e == 'c' && i + 1 < s.length()) {
            to.append((char) (s.charAt(i + 1) & 0x1f));
            return i + 2;
        }
        if (e >= '0' && e <= '7') {
            int v = 0, j = i;
            while (j < s.length() && j < i + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7')
                v = v * 8 + s.charAt(j++) - '0';
            to.append((char) (v & 0xff)); // keepalived keeps one byte
            return j;
        }
        to.append(
                switch (e) {
                    case 'a' -> '\u0007';
                    case 'b' -> '\b';
                    case 'E' -> '\u001b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'v' -> '\u000b';
                    default -> e;
                });
        return i + 1;
    }

    /** Characters a word may hold unquoted in a written command line: no quoting, escaping or comments. */
    private static boolean plain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/._-+=:,".indexOf(c) >= 0;
    }

    /**
     * {@code words} as one command line that {@link #commandLine} (keepalived's splitting) reads back as
     * the same words, to be written inside keepalived.conf's double quotes: a word of plain characters as
     * it is, any other in 'single' quotes with a backslash before a backslash or single quote, and as three
     * octal digits every character that the line's own syntax would take: the double quote ending the
     * string, '#' and '!' (comments), '$' (definitions), braces, and control characters.
     */
    static String commandLineText(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) sb.append(' ');
            if (!w.isEmpty() && w.chars().allMatch(c -> plain((char) c))) {
                sb.append(w);
                continue;
            }
            sb.append('\'');
            for (char c : w.toCharArray()) {
                if (c == '\\' || c == '\'') sb.append('\\').append(c);
                else if (c < 0x20 || c == 0x7f || "\"#!${}".indexOf(c) >= 0)
                    sb.append('\\').append(String.format("%03o", (int) c));
                else sb.append(c);
            }
            sb.append('\'');
        }
        return sb.toString();
    }

    /**
     * A script line's first word (a vrrp_script's {@code script}, a {@code notify_master}, ...; the
     * configuration reader has taken its double quotes off) as the words keepalived runs: keepalived reads
     * the line with escapes, then that word again into words (vrrp_vscript_script_handler,
     * set_script_params_array: alloc_strvec_quoted_escaped twice), so escapes are taken twice. Seen with
     * keepalived 2.2.7's dump (-d): {@code notify_master "/x.sh 'x\\'y'"} runs /x.sh with "x'y", while
     * {@code 'x\'y'} is refused ("missing terminating"). Words after the first one of the line are not
     * part of the command (for notify lines: a user and group).
     */
    static List<String> scriptLine(String firstWord) {
        List<String> once = commandLine("\"" + firstWord + "\"");
        return once == null || once.isEmpty() ? null : commandLine(once.get(0));
    }

    /** {@link #commandLineText} escaped once more, for a script line keepalived reads twice (see {@link #scriptLine}). */
    static String scriptLineText(List<String> words) {
        return commandLineText(words).replace("\\", "\\\\");
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
