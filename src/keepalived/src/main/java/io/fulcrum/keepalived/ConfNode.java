package io.fulcrum.keepalived;

import java.util.List;

/**
 * One keyword of keepalived.conf with its arguments and, for a block ({@code keyword args { ... }}),
 * its children (null when it opens no block). {@code file} and {@code line} say where it was written.
 */
public record ConfNode(String keyword, List<String> args, List<ConfNode> children, String file, int line) {
    public ConfNode {
        args = List.copyOf(args);
        children = children == null ? null : List.copyOf(children);
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
