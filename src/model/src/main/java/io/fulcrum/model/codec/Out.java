package io.fulcrum.model.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Writes one JSON object, leaving out nulls. */
final class Out {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    final ObjectNode node = F.objectNode();

    /** The wire spelling of an enum constant: lower case with '-' (DNS record types stay upper case). */
    static String wire(Enum<?> e) {
        if (e instanceof Enums.DnsType) return e.name();
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String seconds(Duration d) {
        return decimalSeconds(d).toPlainString();
    }

    /** Seconds with no trailing zeros and never an exponent (10 s is 10, not 1E+1). */
    static BigDecimal decimalSeconds(Duration d) {
        BigDecimal b = BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0) : b;
    }

    Out put(String f, String v) {
        if (v != null) node.put(f, v);
        return this;
    }

    Out put(String f, Integer v) {
        if (v != null) node.put(f, v);
        return this;
    }

    Out put(String f, Long v) {
        if (v != null) node.put(f, v);
        return this;
    }

    Out put(String f, Boolean v) {
        if (v != null) node.put(f, v);
        return this;
    }

    Out put(String f, Enum<?> v) {
        if (v != null) node.put(f, wire(v));
        return this;
    }

    Out put(String f, InetAddress v) {
        if (v != null) node.put(f, Addresses.format(v));
        return this;
    }

    Out put(String f, Duration v) {
        if (v != null) node.put(f, decimalSeconds(v));
        return this;
    }

    Out put(String f, Out v) {
        if (v != null && !v.node.isEmpty()) node.set(f, v.node);
        return this;
    }

    Out put(String f, ObjectNode v) {
        if (v != null) node.set(f, v);
        return this;
    }

    Out labels(String f, Map<String, String> labels) {
        if (labels != null && !labels.isEmpty()) {
            ObjectNode o = node.putObject(f);
            labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(e.getKey(), e.getValue()));
        }
        return this;
    }

    /** An array, left out when empty unless {@code always}. */
    Out array(String f, Collection<?> items, boolean always) {
        if (items == null || (items.isEmpty() && !always)) return this;
        ArrayNode a = node.putArray(f);
        for (Object o : items) {
            if (o instanceof Out out) a.add(out.node);
            else if (o instanceof ObjectNode on) a.add(on);
            else if (o instanceof Enum<?> e) a.add(wire(e));
            else if (o instanceof InetAddress ia) a.add(Addresses.format(ia));
            else if (o instanceof Integer i) a.add(i);
            else a.add(String.valueOf(o));
        }
        return this;
    }
}
