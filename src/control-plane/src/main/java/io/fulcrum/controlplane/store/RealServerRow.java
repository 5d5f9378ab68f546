package io.fulcrum.controlplane.store;

/**
 * A {@code real_server} row. Not an entity: {@link RealServerStore} reads and writes it in plain SQL
 * (the inherited mapping annotations are ignored for it).
 */
public class RealServerRow extends ResourceRow {
    public long virtualServerId;
    public short family;
    public String address;
    public int port;
}
