package io.fulcrum.controlplane.service;

import io.fulcrum.controlplane.store.AuditRow;
import io.fulcrum.model.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/** Reads the audit trail, newest first. */
@ApplicationScoped
public class AuditService {
    @Inject EntityManager em;

    @Transactional
    public Page<AuditRow> list(int limit, String pageToken, Kind kind, String resource) {
        long before = Long.MAX_VALUE;
        if (pageToken != null) {
            try {
                before = Long.parseLong(PageTokens.decode(pageToken));
            } catch (NumberFormatException e) {
                throw ApiProblem.invalid(List.of(new FieldError("pageToken", "is not a token this server issued")));
            }
        }
        List<AuditRow> rows = em.createQuery("FROM AuditRow WHERE revision < :before"
                        + " AND (:kind IS NULL OR kind = :kind) AND (:res IS NULL OR resource = :res) ORDER BY revision DESC", AuditRow.class)
                .setParameter("before", before).setParameter("kind", kind == null ? null : kind.wire)
                .setParameter("res", resource).setMaxResults(limit + 1).getResultList();
        String next = rows.size() > limit ? PageTokens.encode(Long.toString(rows.get(limit - 1).revision)) : null;
        return new Page<>(rows.subList(0, Math.min(limit, rows.size())), next);
    }
}
