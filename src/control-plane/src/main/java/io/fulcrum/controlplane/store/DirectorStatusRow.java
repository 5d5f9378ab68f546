package io.fulcrum.controlplane.store;

import java.time.OffsetDateTime;

/**
 * A director's live status as {@link DirectorStatusStore} reads it: its {@code director_status} row,
 * or for a director no agent has been seen for, {@code connected} false and the rest null.
 * {@code connected} is the row's mark, before the silence rule ({@code ModelService.DirectorStatus#connected}).
 * {@code lastNack} and {@code agentStatus} are JSON text; {@code agentStatus} is null unless asked for.
 */
public record DirectorStatusRow(
        long directorId,
        String director,
        boolean connected,
        OffsetDateTime lastSeen,
        Long appliedRevision,
        String lastNack,
        String agentVersion,
        String agentStatus) {}
