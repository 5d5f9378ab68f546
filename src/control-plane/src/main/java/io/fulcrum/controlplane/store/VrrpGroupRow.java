package io.fulcrum.controlplane.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "vrrp_group")
public class VrrpGroupRow extends ResourceRow {
    @Column(nullable = false)
    public short vrid;

    @Column(nullable = false)
    public String iface;

    /** 4 or 6. */
    @Column(nullable = false)
    public short family;

    /** The VRRPv2 PASS secret: only here, never in spec, audit or export. */
    @Column(name = "auth_password")
    public String authPassword;
}
