package io.fulcrum.controlplane.store;

import java.time.OffsetDateTime;

/**
 * An {@code enrollment_token} row, without its hash: {@link EnrollmentTokenStore} reads and writes
 * it in plain SQL. {@code revokedAt} is null while the token is valid.
 */
public record EnrollmentTokenRow(
        long id,
        long directorId,
        String description,
        OffsetDateTime createdAt,
        String createdBy,
        OffsetDateTime revokedAt) {}
