package io.fulcrum.controlplane.agents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.auth.Secrets;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.revision.Kind;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
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
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * Per-director enrollment tokens, with which agents authenticate on the agent stream: 256-bit
 * random secrets, shown once when issued and stored as SHA-256 hashes; revoking one ends the
 * agent's stream on every replica (the revocation is a revision, which every replica sees).
 */
@ApplicationScoped
public class EnrollmentTokens {
    @Inject EntityManager em;
    @Inject Revisions revisions;
    @Inject DataSource dataSource;

    public record Token(long id, String director, String description, OffsetDateTime createdAt, String createdBy, OffsetDateTime revokedAt) {}

    public record Issued(Token token, String secret) {}

    @Transactional
    public Issued issue(String director, String description, String actor) {
        long directorId = directorId(director);
        String secret = Secrets.generate("fulcrum_enroll_");
        Object[] row = (Object[]) em.createNativeQuery("INSERT INTO enrollment_token (director_id, token_hash, description, created_at, created_by)"
                        + " VALUES (?1, ?2, ?3, now(), ?4) RETURNING id, created_at")
                .setParameter(1, directorId).setParameter(2, Secrets.hash(secret)).setParameter(3, description).setParameter(4, actor)
                .getSingleResult();
        Token t = new Token(((Number) row[0]).longValue(), director, description, toOffset(row[1]), actor, null);
        revisions.commit(actor, Kind.ENROLLMENT_TOKEN, director + "/" + t.id(), null, describe(t));
        return new Issued(t, secret);
    }

    @Transactional
    public List<Token> list(String director) {
        long directorId = directorId(director);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, description, created_at, created_by, revoked_at FROM enrollment_token"
                + " WHERE director_id = ?1 ORDER BY id").setParameter(1, directorId).getResultList();
        List<Token> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Token(((Number) r[0]).longValue(), director, (String) r[1], toOffset(r[2]), (String) r[3], toOffset(r[4])));
        }
        return out;
    }

    /** Revokes a token; an agent using it loses its stream and cannot connect again with it. */
    @Transactional
    public void revoke(String director, long id, String actor) {
        long directorId = directorId(director);
        int n = em.createNativeQuery("UPDATE enrollment_token SET revoked_at = now() WHERE id = ?1 AND director_id = ?2 AND revoked_at IS NULL")
                .setParameter(1, id).setParameter(2, directorId).executeUpdate();
        if (n == 0) throw ApiProblem.notFound("enrollment token " + id + " of director '" + director + "' (or it is already revoked)");
        ObjectNode before = DocumentCodec.JSON.createObjectNode().put("id", id).put("director", director);
        revisions.commit(actor, Kind.ENROLLMENT_TOKEN, director + "/" + id, before, null);
    }

    /** The director a secret enrolls, when the token exists and is not revoked. */
    public Optional<String> verify(String secret) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT d.name FROM enrollment_token t JOIN director d ON d.id = t.director_id"
                     + " WHERE t.token_hash = ? AND t.revoked_at IS NULL")) {
            st.setBytes(1, Secrets.hash(secret));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Of the given token hashes, those still valid (not revoked, director not deleted). */
    public Set<String> stillValid(Collection<String> hexHashes) throws SQLException {
        Set<String> out = new HashSet<>();
        if (hexHashes.isEmpty()) return out;
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT encode(token_hash, 'hex') FROM enrollment_token"
                     + " WHERE revoked_at IS NULL AND encode(token_hash, 'hex') = ANY (?)")) {
            st.setArray(1, c.createArrayOf("text", hexHashes.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    static String hexHash(String secret) { return HexFormat.of().formatHex(Secrets.hash(secret)); }

    private long directorId(String director) {
        List<?> ids = em.createNativeQuery("SELECT id FROM director WHERE name = ?1").setParameter(1, director).getResultList();
        if (ids.isEmpty()) throw ApiProblem.notFound("director '" + director + "'");
        return ((Number) ids.get(0)).longValue();
    }

    /** What the audit trail keeps of a token: never its secret or hash. */
    private static ObjectNode describe(Token t) {
        return DocumentCodec.JSON.createObjectNode().put("id", t.id()).put("director", t.director()).put("description", t.description());
    }

    private static OffsetDateTime toOffset(Object o) {
        if (o == null) return null;
        if (o instanceof OffsetDateTime t) return t;
        if (o instanceof Instant i) return i.atOffset(ZoneOffset.UTC);
        if (o instanceof Timestamp ts) return ts.toInstant().atOffset(ZoneOffset.UTC);
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }
}
