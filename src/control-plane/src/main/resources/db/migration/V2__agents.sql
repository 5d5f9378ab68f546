-- Agent connections (fulcrum.agent.v1): enrollment tokens and each director's live status.

-- Per-director enrollment tokens: admin-issued, revocable, stored hashed (SHA-256 of a 256-bit
-- random secret). A revoked token stays, for the record, with revoked_at set.
CREATE TABLE enrollment_token (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    director_id bigint NOT NULL REFERENCES director (id) ON DELETE CASCADE,
    token_hash  bytea  NOT NULL UNIQUE,
    description text,
    created_at  timestamptz NOT NULL,
    created_by  text   NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX enrollment_token_director ON enrollment_token (director_id);

-- Live status, written by whichever replica holds the agent's stream (never bumps the revision).
-- connected is true only while last_seen is recent: a replica that died cannot leave it stale.
ALTER TABLE director
    ADD COLUMN last_nack     jsonb,        -- {revision, at, errors: [{object, field, message}]}
    ADD COLUMN agent_status  jsonb,        -- the agent's last full Status, as JSON
    ADD COLUMN agent_version text;

