package io.fulcrum.controlplane.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.model.Secret;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import java.time.OffsetDateTime;

/** A resource as stored: its domain value and the bookkeeping behind ETags and the audit trail. */
public record Stored<T>(T value, Meta meta) {
    /** etag: the entity tag; by default the version, for a virtual server also its real servers' state. */
    public record Meta(long version, long revision, OffsetDateTime createdAt, OffsetDateTime updatedAt, String etag) {
        public Meta(long version, long revision, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
            this(version, revision, createdAt, updatedAt, "\"" + version + "\"");
        }
    }

    /** A VRRP group from its stored spec and its password, which is stored apart (never in spec, audit or export). */
    public static VrrpGroup vrrpGroup(String spec, String password) {
        VrrpGroup g = DocumentCodec.decodeVrrpGroup(json(spec));
        if (g.authentication() == null || password == null) return g;
        return g.withAuthentication(
                new VrrpGroup.Authentication(g.authentication().type(), new Secret(password)));
    }

    /** JSON this control plane stored (a spec, an audit record, an agent's report) as a tree; unreadable is a bug, not bad input. */
    public static JsonNode json(String stored) {
        try {
            return DocumentCodec.JSON.readTree(stored);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON cannot be read", e);
        }
    }
}
