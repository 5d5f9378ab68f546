package io.fulcrum.controlplane.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.revision.Kind;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.store.TokenRow;
import io.fulcrum.controlplane.store.TokenStore;
import io.fulcrum.model.Enums.Role;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API tokens: 256-bit random secrets, stored as SHA-256 hashes (a slow password hash buys nothing
 * for random secrets and would cost every request). Lookups are cached for a few seconds; a revoke
 * on this replica takes effect at once, on other replicas within {@link #CACHE_MILLIS}. The rules
 * live here (roles, hashing, never echoing a secret); the {@code api_token} table is {@link TokenStore}'s.
 */
@ApplicationScoped
public class TokenService {
    static final long CACHE_MILLIS = 5_000;

    @Inject
    TokenStore store;

    @Inject
    Revisions revisions;

    @Inject
    AuthThrottle throttle;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Caller> caller, long expires) {}

    public record Token(String name, Role role, OffsetDateTime createdAt) {}

    public record Created(Token token, String secret) {}

    /**
     * The caller of an {@code Authorization: Bearer} value (a REST header, gRPC metadata), when it
     * has at least the role {@code needed}; else a 401 ({@code howToAuthenticate} says what is
     * missing) or a 403 naming the token's role. Never names the secret. A {@code source} address
     * that keeps presenting unknown tokens is refused (429) before its credentials are looked at
     * ({@link AuthThrottle}); a request with no credentials at all is not a guess and is not counted.
     */
    public Caller authorize(String authorization, Role needed, String howToAuthenticate, String source) {
        throttle.check(source);
        try {
            return authorize(authorization, needed, howToAuthenticate);
        } catch (ApiProblem p) {
            if (p.status == 401 && authorization != null && !authorization.isBlank()) throttle.failed(source);
            throw p;
        }
    }

    private Caller authorize(String authorization, Role needed, String howToAuthenticate) {
        if (authorization == null
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() <= 7) {
            throw new ApiProblem(401, "Unauthorized", howToAuthenticate, List.of());
        }
        Caller caller = authenticate(authorization.substring(7).trim())
                .orElseThrow(() -> new ApiProblem(
                        401, "Unauthorized", "the bearer token is not valid (unknown or revoked)", List.of()));
        if (!caller.role().allows(needed)) {
            throw new ApiProblem(
                    403,
                    "Forbidden",
                    "token '" + caller.name() + "' has role "
                            + caller.role().name().toLowerCase(Locale.ROOT) + "; this needs "
                            + needed.name().toLowerCase(Locale.ROOT),
                    List.of());
        }
        return caller;
    }

    /** The caller a bearer secret belongs to, if any. */
    public Optional<Caller> authenticate(String secret) {
        String key = HexFormat.of().formatHex(Secrets.hash(secret));
        long now = System.currentTimeMillis();
        Cached c = cache.get(key);
        if (c != null && c.expires > now) return c.caller;
        Optional<Caller> caller = lookup(Secrets.hash(secret));
        if (cache.size() > 10_000) cache.clear();
        cache.put(key, new Cached(caller, now + CACHE_MILLIS));
        return caller;
    }

    /** One read, outside any transaction (called from within this bean, so no interceptor applies). */
    private Optional<Caller> lookup(byte[] hash) {
        return Optional.ofNullable(store.byHash(hash))
                .map(t -> new Caller(t.name, Role.valueOf(t.role.toUpperCase(Locale.ROOT))));
    }

    @Transactional
    public List<Token> list() {
        return store.all().stream().map(TokenService::view).toList();
    }

    /** Creates a token with a new random secret, or with {@code secret} when given (bootstrap). */
    @Transactional
    public Created create(String name, Role role, String secret, String actor) {
        if (store.find(name) != null) {
            throw ApiProblem.conflict("/name", "a token named '" + name + "' exists");
        }
        String s = secret != null ? secret : Secrets.generate("fulcrum_");
        TokenRow row = new TokenRow();
        row.name = name;
        row.role = role.name().toLowerCase(Locale.ROOT);
        row.tokenHash = Secrets.hash(s);
        row.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        row.createdBy = actor;
        store.persist(row);
        revisions.commit(actor, Kind.TOKEN, name, null, describe(row));
        return new Created(view(row), s);
    }

    @Transactional
    public void revoke(String name, String actor) {
        TokenRow row = store.find(name);
        if (row == null) throw ApiProblem.notFound("token '" + name + "'");
        store.remove(row);
        cache.clear();
        revisions.commit(actor, Kind.TOKEN, name, describe(row), null);
    }

    @Transactional
    public boolean anyAdmin() {
        return store.anyWithRole(Role.ADMIN.name().toLowerCase(Locale.ROOT));
    }

    /** What the audit trail keeps of a token: never its secret or hash. */
    private static ObjectNode describe(TokenRow t) {
        return DocumentCodec.JSON.createObjectNode().put("name", t.name).put("role", t.role);
    }

    private static Token view(TokenRow t) {
        return new Token(t.name, Role.valueOf(t.role.toUpperCase(Locale.ROOT)), t.createdAt);
    }
}
