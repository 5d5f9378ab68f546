package io.fulcrum.agent.realserver;

import java.util.List;

/**
 * Where {@link RealServerRole} keeps the record of its changes, so that a role started again after a
 * crash still knows what to undo, and which sysctl values were there before the first start.
 */
public interface ChangeJournal {
    /** The changes recorded and not yet undone, oldest first (empty if none). */
    List<RealServerRole.Change> load();

    void save(List<RealServerRole.Change> changes);

    /** A record that lives only as long as the process. */
    ChangeJournal IN_MEMORY = new ChangeJournal() {
        @Override
        public List<RealServerRole.Change> load() {
            return List.of();
        }

        @Override
        public void save(List<RealServerRole.Change> changes) {}
    };
}
