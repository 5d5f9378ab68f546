package io.fulcrum.model;

import java.util.Objects;

/**
 * One invalid field: a JSON pointer into the input (or a parameter name) and why it is wrong. When
 * the field lies in a resource, {@code object} names that resource and {@code pointer} is the field's
 * JSON pointer within it ("" for the resource as a whole): "/virtualServers/3/realServers/1/weight"
 * is {@code pointer} "/weight" of real server {@code object} (web, a). Otherwise both are null.
 *
 * <p>Two errors are equal when they name the same field with the same message: object and pointer
 * say where the field is in another way, they do not make it another error.
 */
public record FieldError(String field, String message, ResourceRef object, String pointer) {
    public FieldError {
        if ((object == null) != (pointer == null))
            throw new IllegalArgumentException("object and pointer go together: " + object + ", " + pointer);
    }

    /** An error on a field outside any one resource (a parameter, the input as a whole, a collection). */
    public FieldError(String field, String message) {
        this(field, message, null, null);
    }

    /** An error on {@code pointer} within {@code object}, which lies at {@code at} in the input. */
    public static FieldError on(ResourceRef object, String at, String pointer, String message) {
        return new FieldError(at + pointer, message, object, pointer);
    }

    /** This error with {@code object} and the pointer within it, when it has none yet; {@code at} is where object lies in the input. */
    public FieldError within(ResourceRef object, String at) {
        if (this.object != null || object == null || field == null || !field.startsWith(at)) return this;
        return new FieldError(field, message, object, field.substring(at.length()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldError e && Objects.equals(field, e.field) && Objects.equals(message, e.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, message);
    }
}
