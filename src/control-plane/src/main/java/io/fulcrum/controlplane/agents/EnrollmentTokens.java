package io.fulcrum.controlplane.agents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.auth.Secrets;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.revision.Kind;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.store.DirectorRow;
import io.fulcrum.controlplane.store.DirectorStore;
import io.fulcrum.controlplane.store.EnrollmentTokenRow;
import io.fulcrum.controlplane.store.EnrollmentTokenStore;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Per-director enrollment tokens, with which agents authenticate on the agent stream: 256-bit
 * random secrets, shown once when issued and stored as SHA-256 hashes; revoking one ends the
 * agent's stream on every replica (the revocation is a revision, which every replica sees). The
 * rules live here; the {@code enrollment_token} table is {@link EnrollmentTokenStore}'s.
 */
@ApplicationScoped
public class EnrollmentTokens {
    @Inject
    EnrollmentTokenStore store;

    @Inject
    DirectorStore directors;

    @Inject
    Revisions revisions;

    public record Token(
            long id,
            String director,
            String description,
            OffsetDateTime createdAt,
            String createdBy,
            OffsetDateTime revokedAt) {}

    public record Issued(Token token, String secret) {}

    @Transactional
    public Issued issue(String director, String description, String actor) {
        long directorId = directorId(director);
        String secret = Secrets.generate("fulcrum_enroll_");
        Token t = view(director, store.insert(directorId, Secrets.hash(secret), description, actor));
        revisions.commit(actor, Kind.ENROLLMENT_TOKEN, director + "/" + t.id(), null, describe(t));
        return new Issued(t, secret);
    }

    @Transactional
    public List<Token> list(String director) {
        return store.of(directorId(director)).stream()
                .map(r -> view(director, r))
                .toList();
    }

    /** Revokes a token; an agent using it loses its stream and cannot connect again with it. */
    @Transactional
    public void revoke(String director, long id, String actor) {
        if (!store.revoke(directorId(director), id)) {
            throw ApiProblem.notFound(
                    "enrollment token " + id + " of director '" + director + "' (or it is already revoked)");
        }
        ObjectNode before = DocumentCodec.JSON.createObjectNode().put("id", id).put("director", director);
        revisions.commit(actor, Kind.ENROLLMENT_TOKEN, director + "/" + id, before, null);
    }

    /** The director a secret enrolls, when the token exists and is not revoked. */
    public Optional<String> verify(String secret) throws SQLException {
        return store.directorOf(Secrets.hash(secret));
    }

    /** Of the given token hashes, those still valid (not revoked, director not deleted). */
    public Set<String> stillValid(Collection<String> hexHashes) throws SQLException {
        return store.stillValid(hexHashes);
    }

    static String hexHash(String secret) {
        return HexFormat.of().formatHex(Secrets.hash(secret));
    }

    private long directorId(String director) {
        DirectorRow d = directors.find(director);
        if (d == null) throw ApiProblem.notFound("director '" + director + "'");
        return d.id;
    }

    private static Token view(String director, EnrollmentTokenRow r) {
        return new Token(r.id(), director, r.description(), r.createdAt(), r.createdBy(), r.revokedAt());
    }

    /** What the audit trail keeps of a token: never its secret or hash. */
    private static ObjectNode describe(Token t) {
        return DocumentCodec.JSON
                .createObjectNode()
                .put("id", t.id())
                .put("director", t.director())
                .put("description", t.description());
    }
}
