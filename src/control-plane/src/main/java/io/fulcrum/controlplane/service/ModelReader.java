package io.fulcrum.controlplane.service;

import io.fulcrum.controlplane.service.read.ModelReads;
import io.fulcrum.controlplane.service.read.ReadCache;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Single-resource reads through this replica's {@link ReadCache}; misses load in one transaction. */
@ApplicationScoped
public class ModelReader {
    @Inject
    ModelReads model;

    @Inject
    ReadCache cache;

    public record DirectorView(Stored<Director> director, ModelService.DirectorStatus status) {}

    /** Not cached: the status part changes without a revision. */
    public DirectorView director(String name) {
        return model.directorView(name);
    }

    public Stored<VrrpGroup> vrrpGroup(String name) {
        return cache.get("vrrp-group/" + name, () -> model.vrrpGroup(name));
    }

    public Stored<VirtualServer> virtualServer(String name) {
        return cache.get("virtual-server/" + name, () -> model.virtualServer(name));
    }

    public Stored<RealServer> realServer(String vs, String name) {
        return cache.get("real-server/" + vs + "/" + name, () -> model.realServer(vs, name));
    }
}
