package io.fulcrum.netlink.nftables;

/** Runs nftables commands given as libnftables JSON ({@code {"nftables": [...]}}) and answers in JSON. */
public interface NftCommands {

    /**
     * Runs {@code json} as one transaction (all its commands take effect, or none) and returns what
     * libnftables printed (a listing's JSON; empty for changes).
     *
     * @throws NftablesException when libnftables or the kernel refuses it
     */
    String run(String json);
}
