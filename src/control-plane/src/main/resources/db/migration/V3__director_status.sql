-- Each director's live status moves out of its model row into a table of its own, written only by
-- the agent connections (DirectorStatusStore, plain SQL), while the director table stays written only
-- through its entity (DirectorStore). The frequent status writes then no longer rewrite a director's
-- row, nor wait for the row lock a model write holds on it. A director without a status row has never
-- been seen by any replica; its status goes with it when it is deleted.
CREATE TABLE director_status (
    director_id      bigint  PRIMARY KEY REFERENCES director (id) ON DELETE CASCADE,
    connected        boolean NOT NULL DEFAULT false,  -- true only while last_seen is recent (see V2)
    last_seen        timestamptz,
    applied_revision bigint,
    last_nack        jsonb,                           -- {revision, at, errors: [{object, field, message}]}
    agent_status     jsonb,                           -- the agent's last full Status, as JSON
    agent_version    text
) WITH (fillfactor = 50);  -- room on each page for the heartbeat updates to stay HOT

INSERT INTO director_status (director_id, connected, last_seen, applied_revision, last_nack, agent_status, agent_version)
SELECT id, connected, last_seen, applied_revision, last_nack, agent_status, agent_version FROM director
WHERE connected OR last_seen IS NOT NULL OR applied_revision IS NOT NULL OR last_nack IS NOT NULL
   OR agent_status IS NOT NULL OR agent_version IS NOT NULL;

ALTER TABLE director
    DROP COLUMN connected,
    DROP COLUMN last_seen,
    DROP COLUMN applied_revision,
    DROP COLUMN last_nack,
    DROP COLUMN agent_status,
    DROP COLUMN agent_version;
