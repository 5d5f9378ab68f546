package io.fulcrum.controlplane.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.store.AuditRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Writes the one audit record of a write transaction (callers pass representations without secrets). */
@ApplicationScoped
public class AuditLog {
    @Inject EntityManager em;

    public void record(long revision, String actor, Kind kind, String resource, ObjectNode before, ObjectNode after) {
        AuditRow a = new AuditRow();
        a.revision = revision;
        a.at = OffsetDateTime.now(ZoneOffset.UTC);
        a.actor = actor;
        a.action = before == null ? "create" : after == null ? "delete" : "update";
        a.kind = kind.wire;
        a.resource = resource;
        a.before = before == null ? null : before.toString();
        a.after = after == null ? null : after.toString();
        em.persist(a);
    }
}
