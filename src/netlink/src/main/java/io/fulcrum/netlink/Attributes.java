package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A parsed run of netlink attributes. Parsing is strict: a header that does not fit, an
 * {@code nla_len} below the header size or past the end of the region is malformed. As with the
 * kernel's {@code nla_parse}, when a type repeats the last occurrence wins; unknown types are kept
 * but callers simply never ask for them (forward compatibility with newer kernels).
 */
public final class Attributes {
    private final List<Attribute> list;

    private Attributes(List<Attribute> list) {
        this.list = Collections.unmodifiableList(list);
    }

    /** Parses attributes from position to limit of {@code region}. */
    public static Attributes parse(ByteBuffer region) {
        ByteBuffer in = region.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return parse(in, in.position(), in.limit());
    }

    /**
     * Parses the attributes between the absolute indexes {@code from} and {@code to} of {@code in}, a
     * little-endian buffer the attributes keep reading from (absolute reads only: never changed).
     */
    static Attributes parse(ByteBuffer in, int from, int to) {
        List<Attribute> attributes = new ArrayList<>(16); // an IPVS destination has about 17
        int start = from;
        while (start < to) {
            int left = to - start;
            if (left < Netlink.NLA_HDRLEN) {
                throw new MalformedMessageException("truncated nlattr header: " + left + " bytes left");
            }
            int length = Short.toUnsignedInt(in.getShort(start));
            int type = Short.toUnsignedInt(in.getShort(start + 2));
            if (length < Netlink.NLA_HDRLEN) {
                throw new MalformedMessageException("attribute " + (type & Netlink.NLA_TYPE_MASK) + ": nla_len "
                        + length + " is shorter than its header");
            }
            if (length > left) {
                throw new MalformedMessageException("attribute " + (type & Netlink.NLA_TYPE_MASK) + ": nla_len "
                        + length + " runs past the end of the message (" + left + " bytes left)");
            }
            attributes.add(new Attribute(type, in, start + Netlink.NLA_HDRLEN, length - Netlink.NLA_HDRLEN));
            start = Math.min(start + Netlink.align(length), to);
        }
        return new Attributes(attributes);
    }

    public List<Attribute> list() {
        return list;
    }

    public boolean has(int type) {
        return find(type).isPresent();
    }

    /** The last attribute of {@code type}, if any. */
    public Optional<Attribute> find(int type) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).type() == type) {
                return Optional.of(list.get(i));
            }
        }
        return Optional.empty();
    }

    /** The attribute of {@code type}; its absence makes the message malformed. */
    public Attribute require(int type, String name) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).type() == type) {
                return list.get(i);
            }
        }
        throw new MalformedMessageException("missing attribute " + name);
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
