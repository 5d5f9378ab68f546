package io.fulcrum.controlplane.service;

import java.time.OffsetDateTime;

/** A resource as stored: its domain value and the bookkeeping behind ETags and the audit trail. */
public record Stored<T>(T value, Meta meta) {
    public record Meta(long version, long revision, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        public String etag() { return "\"" + version + "\""; }
    }
}
