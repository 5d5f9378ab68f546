package io.fulcrum.netlink.nftables;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * Every native call to libnftables (Debian's libnftables1, {@code libnftables.so.1}) through jnr-ffi:
 * one context in JSON mode with buffered output and errors. The context's netlink socket belongs to
 * the network namespace of the thread that opened it. Not safe for concurrent use: calls are serialized.
 */
public final class Nftables implements NftCommands, AutoCloseable {

    // nftables/libnftables.h
    static final int NFT_CTX_DEFAULT = 0;
    static final int NFT_CTX_OUTPUT_HANDLE = 1 << 3;
    static final int NFT_CTX_OUTPUT_JSON = 1 << 4;

    /** The libnftables functions used. */
    public interface LibNftables {
        Pointer nft_ctx_new(int flags);

        void nft_ctx_free(Pointer ctx);

        void nft_ctx_output_set_flags(Pointer ctx, int flags);

        int nft_ctx_buffer_output(Pointer ctx);

        int nft_ctx_buffer_error(Pointer ctx);

        String nft_ctx_get_output_buffer(Pointer ctx);

        String nft_ctx_get_error_buffer(Pointer ctx);

        int nft_run_cmd_from_buffer(Pointer ctx, String buf);
    }

    private static final class Holder {
        // the soname in full (ABI version 1): jnr-ffi takes a name with ".so" as a file name
        static final LibNftables LIB =
                LibraryLoader.create(LibNftables.class).failImmediately().load("libnftables.so.1");
    }

    private Pointer ctx;

    private Nftables(Pointer ctx) {
        this.ctx = ctx;
    }

    /**
     * A new libnftables context.
     *
     * @throws NftablesException when libnftables is not installed or makes no context
     */
    public static Nftables open() {
        LibNftables lib;
        try {
            lib = Holder.LIB;
        } catch (LinkageError | RuntimeException e) {
            throw new NftablesException("libnftables.so.1 cannot be loaded (Debian: libnftables1): " + e, e);
        }
        Pointer ctx = lib.nft_ctx_new(NFT_CTX_DEFAULT);
        if (ctx == null) throw new NftablesException("nft_ctx_new failed");
        lib.nft_ctx_output_set_flags(ctx, NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_HANDLE);
        if (lib.nft_ctx_buffer_output(ctx) != 0 || lib.nft_ctx_buffer_error(ctx) != 0) {
            lib.nft_ctx_free(ctx);
            throw new NftablesException("nft_ctx_buffer_output/error failed");
        }
        return new Nftables(ctx);
    }

    @Override
    public synchronized String run(String json) {
        if (ctx == null) throw new NftablesException("libnftables context is closed");
        int rc = Holder.LIB.nft_run_cmd_from_buffer(ctx, json);
        String out = Holder.LIB.nft_ctx_get_output_buffer(ctx);
        String err = Holder.LIB.nft_ctx_get_error_buffer(ctx);
        if (rc != 0) {
            throw new NftablesException(
                    "nftables refused the command: " + (err == null || err.isBlank() ? "error " + rc : err.strip()));
        }
        return out == null ? "" : out;
    }

    @Override
    public synchronized void close() {
        if (ctx != null) {
            Holder.LIB.nft_ctx_free(ctx);
            ctx = null;
        }
    }
}
