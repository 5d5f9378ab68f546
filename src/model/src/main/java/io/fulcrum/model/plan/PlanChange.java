package io.fulcrum.model.plan;

import java.util.List;
import java.util.Locale;

/**
 * What the plan does to one resource.
 *
 * @param kind          the resource's kind
 * @param virtualServer a real server's virtual server; null for the other kinds
 * @param name          the resource's name (a real server's within its virtual server)
 * @param action        create, update, delete, unchanged, or keep (stored, not in the document, left alone)
 * @param at            the resource's JSON pointer in the document; null when it is not in it
 * @param diff          the changed fields of an update (empty for the other actions)
 * @param directors     the directors the change reaches, sorted
 */
public record PlanChange(
        Kind kind,
        String virtualServer,
        String name,
        Action action,
        String at,
        List<FieldDiff> diff,
        List<String> directors) {

    public PlanChange {
        diff = List.copyOf(diff);
        directors = List.copyOf(directors);
    }

    /** The resource as the audit names it: a real server is virtualServer/realServer. */
    public String resource() {
        return virtualServer == null ? name : virtualServer + "/" + name;
    }

    public enum Kind {
        DIRECTOR,
        VRRP_GROUP,
        VIRTUAL_SERVER,
        REAL_SERVER;

        /** The wire spelling (openapi.yaml's ResourceKind): vrrp-group. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public enum Action {
        CREATE,
        UPDATE,
        DELETE,
        UNCHANGED,
        /** Stored within the scope, not in the document, left in place because prune is off. */
        KEEP;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** True for the actions that write. */
        public boolean writes() {
            return this == CREATE || this == UPDATE || this == DELETE;
        }
    }
}
