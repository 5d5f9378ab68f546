package io.fulcrum.model;

/**
 * The resource an error concerns, by name: a director, a VRRP group, a virtual server, or a real
 * server of a virtual server ({@code virtualServer} set for that kind only, else "").
 */
public record ResourceRef(Kind kind, String virtualServer, String name) {
    public enum Kind {
        DIRECTOR,
        VRRP_GROUP,
        VIRTUAL_SERVER,
        REAL_SERVER
    }

    public ResourceRef {
        virtualServer = virtualServer == null ? "" : virtualServer;
        name = name == null ? "" : name;
    }

    public static ResourceRef director(String name) {
        return new ResourceRef(Kind.DIRECTOR, "", name);
    }

    public static ResourceRef vrrpGroup(String name) {
        return new ResourceRef(Kind.VRRP_GROUP, "", name);
    }

    public static ResourceRef virtualServer(String name) {
        return new ResourceRef(Kind.VIRTUAL_SERVER, "", name);
    }

    public static ResourceRef realServer(String virtualServer, String name) {
        return new ResourceRef(Kind.REAL_SERVER, virtualServer, name);
    }

    /** As messages name it: "virtual-server web", "real-server web/a". */
    @Override
    public String toString() {
        return kind.name().toLowerCase().replace('_', '-') + " "
                + (kind == Kind.REAL_SERVER ? virtualServer + "/" + name : name);
    }
}
