package io.fulcrum.controlplane.store;

import java.time.OffsetDateTime;

/**
 * A {@code real_server} row: the columns of {@link ResourceRow} and its own. Not an entity (and not a
 * {@link ResourceRow}, whose fields Hibernate's enhancement reserves for entities):
 * {@link RealServerStore} reads and writes it in plain SQL.
 */
public class RealServerRow {
    public long id;
    public long virtualServerId;
    public String name;
    public short family;
    public String address;
    public int port;
    /** The real server in its wire form (DocumentCodec). */
    public String spec;
    /** Bumped by every change of this real server: the ETag. */
    public long version;
    /** The global revision of its last change. */
    public long revision;

    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;
}
