package io.fulcrum.controlplane.store;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.OffsetDateTime;
import org.hibernate.annotations.ColumnTransformer;

/** Columns every stored resource has: identity, its JSON spec and the bookkeeping behind ETags. */
@MappedSuperclass
public abstract class ResourceRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String name;

    /** The resource in its wire form without secrets (DocumentCodec). */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String spec;

    /** Bumped by every change of this resource: the ETag. */
    @Column(nullable = false)
    public long version;

    /** The global revision of the last change: written only by Revisions.commit, never by Hibernate. */
    @Column(nullable = false, insertable = false, updatable = false)
    public long revision;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
