package io.fulcrum.controlplane.service.revision;

import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.Page;
import io.fulcrum.controlplane.service.read.PageTokens;
import io.fulcrum.controlplane.store.AuditRow;
import io.fulcrum.controlplane.store.RevisionStore;
import io.fulcrum.model.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** Reads the audit trail, newest first. */
@ApplicationScoped
public class AuditService {
    @Inject
    RevisionStore store;

    @Transactional
    public Page<AuditRow> list(int limit, String pageToken, Kind kind, String resource, String apply, String actor) {
        long before = Long.MAX_VALUE;
        if (pageToken != null) {
            try {
                before = Long.parseLong(PageTokens.decode(pageToken));
            } catch (NumberFormatException e) {
                throw ApiProblem.invalid(List.of(new FieldError("pageToken", "is not a token this server issued")));
            }
        }
        List<AuditRow> rows = store.audit(before, kind == null ? null : kind.wire, resource, apply, actor, limit + 1);
        String next = rows.size() > limit ? PageTokens.encode(Long.toString(rows.get(limit - 1).revision)) : null;
        return new Page<>(rows.subList(0, Math.min(limit, rows.size())), next);
    }
}
