package io.fulcrum.vrrp.runtime;

import static java.lang.System.Logger.Level.INFO;

import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.machine.Action.SyncDaemon.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The one owner of the kernel's IPVS sync daemon. The kernel runs one per network namespace (keepalived:
 * one lvs_sync_daemon, master or backup, never both), while every group with connection sync asks for a
 * role as its state changes ({@link Action.SyncDaemon}). Each group's claim is kept here; the daemon runs as
 * master while any group is master, else as backup while any group wants it, and stops only when no group
 * claims it: a group that stops or is removed no longer stops the daemon the others use. The first group to
 * claim the winning role gives its interface and sync id.
 */
final class SyncDaemonOwner {
    private static final System.Logger LOG = System.getLogger(SyncDaemonOwner.class.getName());

    record Claim(VrrpGroup.ConnectionSync sync, Role role) {}

    /** Runs the daemon as a claim says (null role: stops it); the host's {@code syncDaemon}. */
    private final BiConsumer<VrrpGroup.ConnectionSync, Role> kernel;

    private final Map<String, Claim> claims = new LinkedHashMap<>();
    /** What the kernel was last told to run (null: nothing). */
    private Claim running;

    SyncDaemonOwner(BiConsumer<VrrpGroup.ConnectionSync, Role> kernel) {
        this.kernel = kernel;
    }

    /** {@code group} wants the daemon in {@code role} with {@code sync}; a null role withdraws its claim. */
    void claim(String group, VrrpGroup.ConnectionSync sync, Role role) {
        boolean withdrawn = (role == null || sync == null) && claims.remove(group) != null;
        if (role != null && sync != null) claims.put(group, new Claim(sync, role));
        Claim next = winner();
        if (withdrawn && next != null)
            LOG.log(
                    INFO,
                    group + " no longer uses the IPVS sync daemon; it runs on as " + next.role() + " for "
                            + holders(next.role()));
        if (Objects.equals(next, running)) return;
        kernel.accept(next == null ? running.sync() : next.sync(), next == null ? null : next.role());
        running = next;
    }

    /** What the kernel runs now as far as this owner set it (null: nothing). */
    Claim running() {
        return running;
    }

    private Claim winner() {
        for (Role r : new Role[] {Role.MASTER, Role.BACKUP}) {
            for (Claim c : claims.values()) if (c.role() == r) return c;
        }
        return null;
    }

    private String holders(Role role) {
        return String.join(
                ", ",
                claims.entrySet().stream()
                        .filter(e -> e.getValue().role() == role)
                        .map(Map.Entry::getKey)
                        .toList());
    }
}
