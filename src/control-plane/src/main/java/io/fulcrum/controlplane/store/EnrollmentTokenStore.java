package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code enrollment_token} table. Style: plain SQL, fixed statements only: the agents' side
 * checks tokens from the agent-stream threads, outside any transaction ({@link Jdbc#outside}), and
 * re-checks every token in use at once after each change that may revoke one (one statement with
 * {@code ANY}), which is JDBC's ground and no entity's; the admin's issue, list and revoke are one
 * statement each on the transaction's connection ({@link Jdbc#run}), so they commit together with
 * their revision and audit record. The rules (who may, what the audit keeps) are
 * {@code agents.EnrollmentTokens}'.
 */
@ApplicationScoped
public class EnrollmentTokenStore {
    @Inject
    Jdbc jdbc;

    private static final String INSERT = """
            INSERT INTO enrollment_token (director_id, token_hash, description, created_at, created_by)
            VALUES (?, ?, ?, now(), ?) RETURNING id, created_at""";
    private static final String OF_DIRECTOR = """
            SELECT id, director_id, description, created_at, created_by, revoked_at FROM enrollment_token
            WHERE director_id = ? ORDER BY id""";
    private static final String REVOKE = """
            UPDATE enrollment_token SET revoked_at = now() WHERE id = ? AND director_id = ? AND revoked_at IS NULL""";
    private static final String DIRECTOR_OF = """
            SELECT d.name FROM enrollment_token t JOIN director d ON d.id = t.director_id
            WHERE t.token_hash = ? AND t.revoked_at IS NULL""";
    private static final String STILL_VALID = """
            SELECT encode(token_hash, 'hex') FROM enrollment_token
            WHERE revoked_at IS NULL AND encode(token_hash, 'hex') = ANY (?)""";

    /** Writes a new, valid token in the current transaction; its row (id and creation time from the database). */
    public EnrollmentTokenRow insert(long directorId, byte[] hash, String description, String createdBy) {
        return jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(INSERT)) {
                st.setLong(1, directorId);
                st.setBytes(2, hash);
                st.setString(3, description);
                st.setString(4, createdBy);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return new EnrollmentTokenRow(
                            rs.getLong(1),
                            directorId,
                            description,
                            rs.getObject(2, OffsetDateTime.class),
                            createdBy,
                            null);
                }
            }
        });
    }

    /** A director's tokens, revoked ones too, by id. */
    public List<EnrollmentTokenRow> of(long directorId) {
        return jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(OF_DIRECTOR)) {
                st.setLong(1, directorId);
                List<EnrollmentTokenRow> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new EnrollmentTokenRow(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class),
                                rs.getString(5),
                                rs.getObject(6, OffsetDateTime.class)));
                    }
                }
                return out;
            }
        });
    }

    /** Marks a director's valid token revoked in the current transaction; false when there is none such. */
    public boolean revoke(long directorId, long id) {
        return jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(REVOKE)) {
                st.setLong(1, id);
                st.setLong(2, directorId);
                return st.executeUpdate() > 0;
            }
        });
    }

    /** The name of the director a valid (not revoked) token with this hash enrolls; outside any transaction. */
    public Optional<String> directorOf(byte[] hash) throws SQLException {
        return jdbc.outside(c -> {
            try (PreparedStatement st = c.prepareStatement(DIRECTOR_OF)) {
                st.setBytes(1, hash);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Of the given hex token hashes, those of valid tokens (a deleted director's are gone); outside any transaction. */
    public Set<String> stillValid(Collection<String> hexHashes) throws SQLException {
        if (hexHashes.isEmpty()) return new HashSet<>();
        return jdbc.outside(c -> {
            try (PreparedStatement st = c.prepareStatement(STILL_VALID)) {
                st.setArray(1, c.createArrayOf("text", hexHashes.toArray()));
                Set<String> out = new HashSet<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            }
        });
    }
}
