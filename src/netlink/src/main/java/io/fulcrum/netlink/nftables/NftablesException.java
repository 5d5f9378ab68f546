package io.fulcrum.netlink.nftables;

/** libnftables refused a command (its error text), or could not be loaded. */
public final class NftablesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NftablesException(String message) {
        super(message);
    }

    public NftablesException(String message, Throwable cause) {
        super(message, cause);
    }
}
