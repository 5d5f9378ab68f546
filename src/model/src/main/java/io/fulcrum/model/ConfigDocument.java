package io.fulcrum.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every resource of one installation: what the control plane exports and an offline agent reads. */
public record ConfigDocument(
        Long revision, List<Director> directors, List<VrrpGroup> vrrpGroups, List<VirtualServer> virtualServers) {
    public static final String API_VERSION = "fulcrum/v1";

    public ConfigDocument {
        directors = List.copyOf(directors);
        vrrpGroups = List.copyOf(vrrpGroups);
        virtualServers = List.copyOf(virtualServers);
    }

    /** Refuses a document that does not name {@code director} ({@code source}: where it came from, for the message). */
    public void requireDirector(String director, Object source) {
        if (directors.stream().noneMatch(d -> d.name().equals(director))) {
            throw new ValidationException("/directors", "no director named '" + director + "' in " + source);
        }
    }

    /** The VRRP groups that list {@code director} as a member. */
    public List<VrrpGroup> groupsOf(String director) {
        return vrrpGroups.stream().filter(g -> g.hasMember(director)).toList();
    }

    /** The virtual servers {@code director} serves: those of its VRRP groups and those that name it, in document order. */
    public List<VirtualServer> servedBy(String director) {
        Set<String> groups = new HashSet<>();
        for (VrrpGroup g : groupsOf(director)) groups.add(g.name());
        return virtualServers.stream()
                .filter(v -> v.vrrpGroup() != null
                        ? groups.contains(v.vrrpGroup())
                        : v.directors().contains(director))
                .toList();
    }
}
