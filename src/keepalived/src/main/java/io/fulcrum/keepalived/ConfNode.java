package io.fulcrum.keepalived;

import java.util.List;

/**
 * One keyword of keepalived.conf with its arguments and, for a block ({@code keyword args { ... }}),
 * its children. {@code file} and {@code line} say where it was written. A keyword that opens no block
 * has no children ({@link #children()} is empty, {@link #isBlock()} false): a block keyword written
 * without its block ({@code vrrp_script chk}) reads as an empty block, never as a null to trip on.
 */
public record ConfNode(String keyword, List<String> args, List<ConfNode> children, String file, int line) {
    public ConfNode {
        args = List.copyOf(args);
        children = children == null ? null : List.copyOf(children);
    }

    /** The keyword's block, empty when it opens none (see {@link #isBlock()}). */
    @Override
    public List<ConfNode> children() {
        return children == null ? List.of() : children;
    }

    /** The argument at {@code i}, or null. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    public String where() {
        return file + ":" + line;
    }

    public boolean isBlock() {
        return children != null;
    }
}
