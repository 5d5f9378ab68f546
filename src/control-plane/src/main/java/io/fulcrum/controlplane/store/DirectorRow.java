package io.fulcrum.controlplane.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

@Entity
@Table(name = "director")
public class DirectorRow extends ResourceRow {
    @Column(name = "management_address", nullable = false)
    public String managementAddress;

    // live status: written only by the agent connections (agents.DirectorStatusStore), never by Hibernate

    @Column(nullable = false, insertable = false, updatable = false)
    public boolean connected;

    @Column(name = "last_seen", insertable = false, updatable = false)
    public OffsetDateTime lastSeen;

    @Column(name = "applied_revision", insertable = false, updatable = false)
    public Long appliedRevision;

    @Column(name = "last_nack", insertable = false, updatable = false, columnDefinition = "jsonb")
    public String lastNack;

    @Column(name = "agent_version", insertable = false, updatable = false)
    public String agentVersion;
}
