package io.fulcrum.controlplane.service;

import java.time.OffsetDateTime;

/** A resource as stored: its domain value and the bookkeeping behind ETags and the audit trail. */
public record Stored<T>(T value, Meta meta) {
    /** etag: the entity tag; by default the version, for a virtual server also its real servers' state. */
    public record Meta(long version, long revision, OffsetDateTime createdAt, OffsetDateTime updatedAt, String etag) {
        public Meta(long version, long revision, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
            this(version, revision, createdAt, updatedAt, "\"" + version + "\"");
        }
    }
}
