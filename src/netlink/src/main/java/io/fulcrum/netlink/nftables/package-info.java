/**
 * nftables through libnftables' JSON interface: {@link io.fulcrum.netlink.nftables.Nftables} holds every
 * native call (jnr-ffi, no forked {@code nft}); {@link io.fulcrum.netlink.nftables.NftCommands} is what
 * callers depend on, so their decisions are tested with a fake.
 */
package io.fulcrum.netlink.nftables;
