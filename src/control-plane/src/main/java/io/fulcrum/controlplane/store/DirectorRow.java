package io.fulcrum.controlplane.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A {@code director} row: the model only; its live status is {@link DirectorStatusStore}'s ({@code director_status}). */
@Entity
@Table(name = "director")
public class DirectorRow extends ResourceRow {
    @Column(name = "management_address", nullable = false)
    public String managementAddress;
}
