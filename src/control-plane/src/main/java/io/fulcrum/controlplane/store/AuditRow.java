package io.fulcrum.controlplane.store;

import java.time.OffsetDateTime;

/** One committed change: who, when, what, before and after (secrets never included). Read by {@link RevisionStore}. */
public final class AuditRow {
    public final long revision;
    public final OffsetDateTime at;
    public final String actor;
    public final String action;
    public final String kind;
    public final String resource;
    /** The resource before and after the change, as JSON; null for a create, a delete. */
    public final String before;

    public final String after;
    /** The configuration apply that made the change (PUT /api/v1/config), or null. */
    public final String apply;

    public AuditRow(
            long revision,
            OffsetDateTime at,
            String actor,
            String action,
            String kind,
            String resource,
            String before,
            String after,
            String apply) {
        this.revision = revision;
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.kind = kind;
        this.resource = resource;
        this.before = before;
        this.after = after;
        this.apply = apply;
    }
}
