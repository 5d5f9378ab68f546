package io.fulcrum.controlplane.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "virtual_server")
public class VirtualServerRow extends ResourceRow {
    @Column(nullable = false)
    public short family;

    public String address;
    public Integer port;
    public String protocol;
    public Long fwmark;

    @Column(name = "vrrp_group_id")
    public Long vrrpGroupId;
}
