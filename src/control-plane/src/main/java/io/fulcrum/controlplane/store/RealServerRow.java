package io.fulcrum.controlplane.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "real_server")
public class RealServerRow extends ResourceRow {
    @Column(name = "virtual_server_id", nullable = false)
    public long virtualServerId;

    @Column(nullable = false)
    public short family;

    @Column(nullable = false)
    public String address;

    @Column(nullable = false)
    public int port;
}
