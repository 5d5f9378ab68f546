package io.fulcrum.model;

import java.util.Objects;

/** A write-only value (a VRRP password): it never shows in toString, logs or exports. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /** The clear value, for the one place that must use it (the wire towards an agent, storage). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
