package io.fulcrum.agent.fullnat;

import java.util.List;

/**
 * What the agent's nftables table holds: whether the table and its postrouting chain exist, and that
 * chain's rules by kernel handle with their comment (empty when a rule has none).
 */
public record Installed(boolean table, boolean chain, List<Rule> rules) {
    public static final Installed NOTHING = new Installed(false, false, List.of());

    public Installed {
        rules = List.copyOf(rules);
    }

    /** One rule of the chain. */
    public record Rule(long handle, String comment) {}
}
