package io.fulcrum.wire.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.fulcrum.api.v1.Rest;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one mapping between a fulcrum.v1 message and its REST representation (openapi.yaml's schema of
 * the same name). It is the protobuf JSON mapping ({@link JsonFormat}, lowerCamelCase field names) with
 * the four rewrites proto/fulcrum/v1/rest.proto documents:
 *
 * <ol>
 *   <li>an enum value is its {@code (fulcrum.v1.rest)} option ("wrr"), not its proto name
 *       (SCHEDULER_WRR); UNSPECIFIED (0) is the field left out; a number no value has stays a number
 *       (REST's validation then refuses it, naming the field);
 *   <li>64-bit integers are JSON numbers (the proto mapping quotes them), and floating point numbers
 *       are written as REST writes them (1, not 1.0);
 *   <li>a resource's {@code etag} is not part of the body (REST sends it as the ETag header);
 *   <li>a hook without arguments is its script's path alone (openapi.yaml's Hook), and a path alone
 *       reads as a hook without arguments.
 * </ol>
 *
 * RestJsonTest proves, schema by schema, that print and parse are inverse and that a message's JSON is
 * REST's.
 */
public final class RestJson {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Messages the protobuf JSON mapping writes in a form of their own: left as they are. */
    private static final Set<String> WELL_KNOWN = Set.of(
            "google.protobuf.Timestamp",
            "google.protobuf.Duration",
            "google.protobuf.Value",
            "google.protobuf.Struct",
            "google.protobuf.ListValue",
            "google.protobuf.FieldMask",
            "google.protobuf.Empty");
    /** Any JSON (a stored resource in an audit record, a plan's values): its numbers are doubles in protobuf. */
    private static final Set<String> ANY_JSON =
            Set.of("google.protobuf.Value", "google.protobuf.Struct", "google.protobuf.ListValue");
    /** The member REST carries as a header, not in the body. */
    static final String ETAG = "etag";
    /** The message whose REST form may be a path alone (rewrite 4). */
    private static final String HOOK = "fulcrum.v1.HookWithArguments";

    private RestJson() {}

    /** The REST representation of {@code m}. */
    public static ObjectNode print(MessageOrBuilder m) {
        ObjectNode tree;
        try {
            tree = (ObjectNode) DocumentCodec.JSON.readTree(PRINTER.print(m));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot print " + m.getDescriptorForType().getFullName(), e);
        }
        toRest(m.getDescriptorForType(), tree);
        return tree;
    }

    /**
     * {@code rest} read into {@code builder} (merged). REST JSON this control plane wrote always reads;
     * JSON that does not fit the message (an unknown member, a value of the wrong type or an enum
     * spelling no value has) is refused with a {@link ValidationException} naming it.
     */
    public static <B extends Message.Builder> B parse(JsonNode rest, B builder) {
        JsonNode copy = rest.deepCopy();
        if (copy instanceof ObjectNode o) toProto(builder.getDescriptorForType(), o);
        try {
            PARSER.merge(copy.toString(), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new ValidationException(
                    "", "does not fit " + builder.getDescriptorForType().getName() + ": " + e.getMessage());
        }
        return builder;
    }

    /** The REST spelling of an enum value; null for UNSPECIFIED (0, the field left out). */
    public static String rest(EnumValueDescriptor v) {
        if (v.getNumber() == 0) return null;
        String r = v.getOptions().getExtension(Rest.rest);
        if (r.isEmpty()) throw new IllegalStateException(v.getFullName() + " has no (fulcrum.v1.rest) option");
        return r;
    }

    /**
     * The REST spelling of value {@code number} of enum {@code type}, for enum fields read from outside
     * input: "" for UNSPECIFIED (0), and the number itself for a number no value has.
     */
    public static String spelling(EnumDescriptor type, int number) {
        if (number == 0) return "";
        EnumValueDescriptor v = type.findValueByNumber(number);
        return v == null ? Integer.toString(number) : rest(v);
    }

    /** The enum value REST spells {@code rest}, or null. */
    public static EnumValueDescriptor value(EnumDescriptor e, String rest) {
        for (EnumValueDescriptor v : e.getValues()) if (v.getNumber() != 0 && rest.equals(rest(v))) return v;
        return null;
    }

    // ------------------------------------------------------------------ the rewrites

    private static void toRest(Descriptor d, ObjectNode o) {
        Map<String, FieldDescriptor> fields = byJsonName(d);
        o.remove(ETAG);
        for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDescriptor f = fields.get(e.getKey());
            if (f == null) continue;
            JsonNode v = e.getValue();
            if (f.isMapField()) {
                FieldDescriptor value = f.getMessageType().findFieldByName("value");
                if (v instanceof ObjectNode m) m.properties().forEach(x -> x.setValue(restValue(value, x.getValue())));
            } else if (f.isRepeated() && v instanceof ArrayNode a) {
                for (int i = 0; i < a.size(); i++) a.set(i, restValue(f, a.get(i)));
            } else {
                JsonNode r = restValue(f, v);
                if (r == null) it.remove();
                else e.setValue(r);
            }
        }
    }

    /** One value in its REST form; null: leave the field out. */
    private static JsonNode restValue(FieldDescriptor f, JsonNode v) {
        switch (f.getJavaType()) {
            case ENUM -> {
                if (!v.isTextual()) return v;
                EnumValueDescriptor ev = f.getEnumType().findValueByName(v.asText());
                if (ev == null) return v;
                String r = rest(ev);
                return r == null ? null : F.textNode(r);
            }
            case LONG -> {
                return v.isTextual() ? numbers(F.numberNode(new BigInteger(v.asText()))) : v;
            }
            case FLOAT, DOUBLE -> {
                return numbers(v);
            }
            case MESSAGE -> {
                String type = f.getMessageType().getFullName();
                if (ANY_JSON.contains(type)) return numbers(v);
                if (type.equals(HOOK)
                        && v instanceof ObjectNode h
                        && h.size() == 1
                        && h.path("script").isTextual()) return h.get("script");
                if (!WELL_KNOWN.contains(type) && v instanceof ObjectNode m) toRest(f.getMessageType(), m);
                return v;
            }
            default -> {
                return v;
            }
        }
    }

    /** {@code v} with every number written as REST writes it (80, not 80.0). */
    private static JsonNode numbers(JsonNode v) {
        if (v.isNumber()) {
            BigDecimal b = v.decimalValue().stripTrailingZeros();
            if (b.scale() > 0) return F.numberNode(b);
            BigInteger i = b.toBigIntegerExact();
            return i.bitLength() < 32
                    ? F.numberNode(i.intValue())
                    : i.bitLength() < 64 ? F.numberNode(i.longValue()) : F.numberNode(i);
        }
        if (v instanceof ObjectNode o) o.properties().forEach(e -> e.setValue(numbers(e.getValue())));
        if (v instanceof ArrayNode a) for (int i = 0; i < a.size(); i++) a.set(i, numbers(a.get(i)));
        return v;
    }

    private static void toProto(Descriptor d, ObjectNode o) {
        Map<String, FieldDescriptor> fields = byJsonName(d);
        for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDescriptor f = fields.get(e.getKey());
            if (f == null) continue; // the parser names it
            JsonNode v = e.getValue();
            if (f.isMapField()) {
                FieldDescriptor value = f.getMessageType().findFieldByName("value");
                if (v instanceof ObjectNode m) m.properties().forEach(x -> x.setValue(protoValue(value, x.getValue())));
            } else if (f.isRepeated() && v instanceof ArrayNode a) {
                for (int i = 0; i < a.size(); i++) a.set(i, protoValue(f, a.get(i)));
            } else {
                e.setValue(protoValue(f, v));
            }
        }
    }

    private static JsonNode protoValue(FieldDescriptor f, JsonNode v) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && f.getMessageType().getFullName().equals(HOOK)
                && v.isTextual()) return F.objectNode().set("script", v);
        if (f.getJavaType() == FieldDescriptor.JavaType.ENUM && v.isTextual()) {
            EnumValueDescriptor ev = value(f.getEnumType(), v.asText());
            return ev == null ? v : F.textNode(ev.getName());
        }
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && !WELL_KNOWN.contains(f.getMessageType().getFullName())
                && v instanceof ObjectNode m) toProto(f.getMessageType(), m);
        return v;
    }

    private static final Map<Descriptor, Map<String, FieldDescriptor>> JSON_NAMES = new ConcurrentHashMap<>();

    private static Map<String, FieldDescriptor> byJsonName(Descriptor d) {
        return JSON_NAMES.computeIfAbsent(d, x -> {
            Map<String, FieldDescriptor> m = new HashMap<>();
            for (FieldDescriptor f : x.getFields()) m.put(f.getJsonName(), f);
            return m;
        });
    }
}
