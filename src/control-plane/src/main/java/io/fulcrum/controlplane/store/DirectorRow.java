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

    @Column(nullable = false)
    public boolean connected;

    @Column(name = "last_seen")
    public OffsetDateTime lastSeen;

    @Column(name = "applied_revision")
    public Long appliedRevision;
}
