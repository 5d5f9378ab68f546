package io.fulcrum.model;

import java.util.List;

/** Every resource of one installation: what the control plane exports and an offline agent reads. */
public record ConfigDocument(Long revision, List<Director> directors, List<VrrpGroup> vrrpGroups, List<VirtualServer> virtualServers) {
    public static final String API_VERSION = "fulcrum/v1";

    public ConfigDocument {
        directors = List.copyOf(directors);
        vrrpGroups = List.copyOf(vrrpGroups);
        virtualServers = List.copyOf(virtualServers);
    }
}
