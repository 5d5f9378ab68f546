package io.fulcrum.model.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.ResourceRef;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one JSON object of the input, field by field, collecting every error with its JSON pointer
 * instead of stopping at the first. Absent fields and JSON null read as null.
 */
final class In {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IFNAME = Pattern.compile("[^/\\s:]{1,15}");
    /**
     * Fields the server writes (openapi.yaml readOnly): listed among an object's known fields where
     * the schema has them, and ignored on input so that what a GET returns can be PUT back.
     */
    final JsonNode node;

    final String path;
    final List<FieldError> errors;
    /** The resource this node lies in (null: none), which starts at {@code base}: its errors name it. */
    private final ResourceRef object;

    private final String base;

    In(JsonNode node, String path, List<FieldError> errors) {
        this(node, path, errors, null, null);
    }

    private In(JsonNode node, String path, List<FieldError> errors, ResourceRef object, String base) {
        this.node = node;
        this.path = path;
        this.errors = errors;
        this.object = object;
        this.base = base;
    }

    /** This node as resource {@code object}: errors in it name the object and their pointer within it. */
    In resource(ResourceRef object) {
        return new In(node, path, errors, object, path);
    }

    /** The name member of this node when it is a string ("" else): the name a resource's errors carry. */
    String rawName() {
        JsonNode n = node == null ? null : node.get("name");
        return n != null && n.isTextual() ? n.asText() : "";
    }

    static In root(JsonNode node, List<FieldError> errors) {
        return new In(node, "", errors);
    }

    /** False (with an error) when this node is not an object: nothing else is read from it. */
    boolean object(String... known) {
        if (node == null || !node.isObject()) {
            error(path, "must be an object");
            return false;
        }
        // a scan of the few known names: cheaper than building a set per object (110,000 in a large document)
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known(f, known)) error(at(f), "unknown field");
        }
        return true;
    }

    private static boolean known(String field, String[] known) {
        for (String k : known) if (k.equals(field)) return true;
        return false;
    }

    String at(String field) {
        return path + "/" + field.replace("~", "~0").replace("/", "~1");
    }

    void error(String pointer, String message) {
        errors.add(
                object == null
                        ? new FieldError(pointer, message)
                        : new FieldError(pointer, message, object, pointer.substring(base.length())));
    }

    boolean has(String f) {
        JsonNode v = node.get(f);
        return v != null && !v.isNull();
    }

    private JsonNode raw(String f, boolean required) {
        JsonNode v = node.get(f);
        if (v == null || v.isNull()) {
            if (required) error(at(f), "is required");
            return null;
        }
        return v;
    }

    String string(String f, boolean required, int maxLength) {
        JsonNode v = raw(f, required);
        if (v == null) return null;
        if (!v.isTextual()) {
            error(at(f), "must be a string");
            return null;
        }
        String s = v.asText();
        if (s.length() > maxLength) {
            error(at(f), "must be at most " + maxLength + " characters");
            return null;
        }
        if (required && s.isEmpty()) {
            error(at(f), "must not be empty");
            return null;
        }
        return s;
    }

    String name(String f, boolean required) {
        String s = string(f, required, 63);
        if (s != null && !NAME.matcher(s).matches()) {
            error(
                    at(f),
                    "'" + s
                            + "' is not a valid name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63");
            return null;
        }
        return s;
    }

    /** A Linux interface name: 1 to 15 bytes (IFNAMSIZ - 1), no '/', ':' or space, not "." or ".." (net/core/dev.c). */
    String iface(String f, boolean required) {
        String s = string(f, required, 64);
        if (s != null
                && (!IFNAME.matcher(s).matches()
                        || s.getBytes(StandardCharsets.UTF_8).length > 15
                        || s.equals(".")
                        || s.equals(".."))) {
            error(
                    at(f),
                    "'" + s + "' is not a valid interface name (1 to 15 bytes, no '/', ':' or space, not '.' or '..')");
            return null;
        }
        return s;
    }

    String script(String f) {
        String s = string(f, false, 4096);
        if (s != null && (!s.startsWith("/") || s.contains("\0"))) {
            error(at(f), "must be an absolute path of a script on the director");
            return null;
        }
        if (s != null && s.chars().anyMatch(Character::isWhitespace)) {
            // keepalived splits such a string into a command line; a path with a space fails only later
            // on the director, so it is refused here.
            error(
                    at(f),
                    "must be a script's path, not a command line (it contains whitespace): give the arguments as"
                            + " a list in 'arguments', or wrap the command in a script");
            return null;
        }
        return s;
    }

    /** A number too large for a double (1e400) reads as infinity: it fits no range of ours. */
    private static boolean infinite(JsonNode v) {
        return v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue());
    }

    Long integer(String f, boolean required, long min, long max) {
        JsonNode v = raw(f, required);
        if (v == null) return null;
        if (infinite(v)) {
            error(at(f), "must be from " + min + " to " + max);
            return null;
        }
        if (!v.isIntegralNumber()
                && !(v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
            error(at(f), "must be an integer from " + min + " to " + max);
            return null;
        }
        BigDecimal d = v.decimalValue();
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            error(at(f), "must be from " + min + " to " + max + ", got " + d.toPlainString());
            return null;
        }
        return d.longValueExact();
    }

    Integer integer32(String f, boolean required, long min, long max) {
        Long l = integer(f, required, min, max);
        return l == null ? null : l.intValue();
    }

    Boolean bool(String f) {
        JsonNode v = raw(f, false);
        if (v == null) return null;
        if (!v.isBoolean()) {
            error(at(f), "must be true or false");
            return null;
        }
        return v.booleanValue();
    }

    /** A duration given as a number of seconds with at most millisecond resolution. */
    Duration seconds(String f, Duration min, Duration max) {
        JsonNode v = raw(f, false);
        if (v == null) return null;
        if (!v.isNumber()) {
            error(at(f), "must be a number of seconds");
            return null;
        }
        if (infinite(v)) {
            error(at(f), "must be from " + Out.seconds(min) + " to " + Out.seconds(max) + " seconds");
            return null;
        }
        BigDecimal ms = v.decimalValue().movePointRight(3);
        if (ms.stripTrailingZeros().scale() > 0) {
            error(at(f), "must have at most millisecond resolution");
            return null;
        }
        if (ms.compareTo(BigDecimal.valueOf(min.toMillis())) < 0
                || ms.compareTo(BigDecimal.valueOf(max.toMillis())) > 0) {
            error(
                    at(f),
                    "must be from " + Out.seconds(min) + " to " + Out.seconds(max) + " seconds, got "
                            + v.decimalValue().toPlainString());
            return null;
        }
        return Duration.ofMillis(ms.longValueExact());
    }

    <E extends Enum<E>> E enumValue(String f, Class<E> type, boolean required) {
        String s = string(f, required, 64);
        if (s == null) return null;
        for (E e : type.getEnumConstants()) if (Out.wire(e).equals(s)) return e;
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) allowed.add(Out.wire(e));
        error(at(f), "'" + s + "' is not one of " + String.join(", ", allowed));
        return null;
    }

    /** This node itself (an array item) as an enum constant. */
    <E extends Enum<E>> E enumItem(Class<E> type) {
        if (node.isTextual())
            for (E e : type.getEnumConstants()) if (Out.wire(e).equals(node.asText())) return e;
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) allowed.add(Out.wire(e));
        error(path, "'" + node.asText() + "' is not one of " + String.join(", ", allowed));
        return null;
    }

    /** This node itself (an array item) as a resource name. */
    String nameItem() {
        if (!node.isTextual() || !NAME.matcher(node.asText()).matches()) {
            error(
                    path,
                    "'" + node.asText()
                            + "' is not a valid name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63");
            return null;
        }
        return node.asText();
    }

    InetAddress address(String f, boolean required) {
        String s = string(f, required, 64);
        if (s == null) return null;
        return Addresses.parse(s).orElseGet(() -> {
            error(at(f), "'" + s + "' is not an IPv4 or IPv6 address");
            return null;
        });
    }

    /**
     * An array of addresses, or null when absent: each element that is not one is an error at its
     * pointer, as is (with {@code unique}) one listed twice; those are left out.
     */
    List<InetAddress> addresses(String f, int maxItems, boolean unique) {
        List<In> items = array(f, false, 0, maxItems);
        if (items == null) return null;
        List<InetAddress> out = new ArrayList<>();
        for (In e : items) {
            InetAddress a =
                    e.node.isTextual() ? Addresses.parse(e.node.asText()).orElse(null) : null;
            if (a == null) e.error(e.path, "is not an IPv4 or IPv6 address");
            else if (unique && out.contains(a)) e.error(e.path, "is listed twice");
            else out.add(a);
        }
        return out;
    }

    /** "address/prefix" (a missing prefix means one host). */
    IpPrefix prefix(String f) {
        String s = string(f, true, 64);
        if (s == null) return null;
        int slash = s.indexOf('/');
        InetAddress a = Addresses.parse(slash < 0 ? s : s.substring(0, slash)).orElse(null);
        if (a == null) {
            error(at(f), "'" + s + "' is not an IPv4 or IPv6 address with an optional /prefix");
            return null;
        }
        int max = Addresses.family(a) == Enums.AddressFamily.INET ? 32 : 128;
        int len = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
                error(at(f), "prefix length must be from 0 to " + max);
                return null;
            }
            len = Integer.parseInt(p);
        }
        return new IpPrefix(a, len);
    }

    /** The array's elements, or null when absent (or not an array: then an error). */
    List<In> array(String f, boolean required, int minItems, int maxItems) {
        JsonNode v = raw(f, required);
        if (v == null) return null;
        if (!v.isArray()) {
            error(at(f), "must be an array");
            return null;
        }
        if (v.size() < minItems) {
            error(at(f), "must have at least " + minItems + " item" + (minItems == 1 ? "" : "s"));
        }
        if (v.size() > maxItems) {
            error(at(f), "must have at most " + maxItems + " items");
            return null;
        }
        List<In> items = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) items.add(new In(v.get(i), at(f) + "/" + i, errors, object, base));
        return items;
    }

    In child(String f) {
        JsonNode v = raw(f, false);
        return v == null ? null : new In(v, at(f), errors, object, base);
    }

    Map<String, String> labels(String f) {
        JsonNode v = raw(f, false);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) return out;
        if (!v.isObject()) {
            error(at(f), "must be an object of string values");
            return out;
        }
        if (v.size() > 64) {
            error(at(f), "must have at most 64 labels");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = at(f) + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
            if (!LABEL_KEY.matcher(e.getKey()).matches()) error(p, "'" + e.getKey() + "' is not a valid label key");
            else if (!e.getValue().isTextual() || e.getValue().asText().length() > 256)
                error(p, "must be a string of at most 256 characters");
            else out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
