package io.fulcrum.controlplane.events;

/**
 * An event with its place in this process's sequence ({@code id}, increasing from 1); 0 for events that
 * are not in the sequence (a resync, revisions replayed from the audit trail).
 */
public record Sequenced(long id, LiveEvent event) {
    public static Sequenced unnumbered(LiveEvent e) {
        return new Sequenced(0, e);
    }
}
