package io.fulcrum.controlplane.service.revision;

/** What an audit record is about; the wire names of openapi.yaml's ResourceKind. */
public enum Kind {
    DIRECTOR("director"),
    VRRP_GROUP("vrrp-group"),
    VIRTUAL_SERVER("virtual-server"),
    REAL_SERVER("real-server"),
    TOKEN("token"),
    ENROLLMENT_TOKEN("enrollment-token");

    public final String wire;

    Kind(String wire) {
        this.wire = wire;
    }

    public static Kind fromWire(String s) {
        for (Kind k : values()) if (k.wire.equals(s)) return k;
        return null;
    }
}
