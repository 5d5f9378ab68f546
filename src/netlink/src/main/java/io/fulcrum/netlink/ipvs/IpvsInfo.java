package io.fulcrum.netlink.ipvs;

/** IPVS_CMD_GET_INFO: the IPVS version code (e.g. 0x010201) and connection hash table size. */
public record IpvsInfo(int version, int connTableSize) {

    /** "1.2.1" for 0x010201, as ipvsadm prints it. */
    public String versionString() {
        return ((version >> 16) & 0xff) + "." + ((version >> 8) & 0xff) + "." + (version & 0xff);
    }
}
