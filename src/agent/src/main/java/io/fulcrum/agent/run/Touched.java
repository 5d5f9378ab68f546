package io.fulcrum.agent.run;

import io.fulcrum.model.VirtualServer;
import java.util.List;
import java.util.Set;

/**
 * What an offered document changed, relative to the document of revision {@code base} (the one in force
 * when it was made): the virtual servers added or changed ({@code changed}, as the offered document has
 * them, in its order) and those removed (by name); {@code all}: anything else may have changed too (a
 * director, a VRRP group, a full snapshot), the loop takes the document as a whole.
 */
public record Touched(boolean all, long base, List<VirtualServer> changed, Set<String> removed) {
    public static final Touched ALL = new Touched(true, 0, List.of(), Set.of());

    public Touched {
        changed = List.copyOf(changed);
        removed = Set.copyOf(removed);
    }

    public static Touched of(long base, List<VirtualServer> changed, Set<String> removed) {
        return new Touched(false, base, changed, removed);
    }
}
