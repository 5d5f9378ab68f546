-- Fulcrum model. The JSON "spec" column holds the resource as the API writes it (secrets excluded);
-- the relational columns beside it exist so that PostgreSQL itself enforces the invariants that
-- concurrent writers could otherwise break: unique names, unique services, VRID per interface.

-- One row: the revision of the last committed change. Every write transaction updates it as its last
-- statement and holds that lock until commit, so revisions follow commit order.
CREATE TABLE revision (
    id    smallint PRIMARY KEY CHECK (id = 1),
    value bigint   NOT NULL CHECK (value >= 0)
);
INSERT INTO revision VALUES (1, 0);

CREATE TABLE director (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text   NOT NULL UNIQUE,
    management_address text   NOT NULL CHECK (management_address::inet = management_address::inet),
    spec               jsonb  NOT NULL,
    version            bigint NOT NULL,
    revision           bigint NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    -- live status, written by the agent connection (later issue)
    connected          boolean NOT NULL DEFAULT false,
    last_seen          timestamptz,
    applied_revision   bigint
);

CREATE TABLE vrrp_group (
    id            bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text     NOT NULL UNIQUE,
    vrid          smallint NOT NULL CHECK (vrid BETWEEN 1 AND 255),
    iface         text     NOT NULL,
    family        smallint NOT NULL CHECK (family IN (4, 6)),
    auth_password text,    -- VRRPv2 PASS secret; never part of spec, audit or export
    spec          jsonb    NOT NULL,
    version       bigint   NOT NULL,
    revision      bigint   NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    UNIQUE (id, vrid, iface, family)
);

-- A director's membership in a group, carrying copies of the group's VRID, interface and family
-- (kept in step by ON UPDATE CASCADE) so that one unique index forbids two groups with the same
-- VRID on the same interface of the same director.
CREATE TABLE vrrp_member (
    group_id    bigint   NOT NULL,
    director_id bigint   NOT NULL REFERENCES director (id) ON DELETE RESTRICT,
    vrid        smallint NOT NULL,
    iface       text     NOT NULL,
    family      smallint NOT NULL,
    PRIMARY KEY (group_id, director_id),
    FOREIGN KEY (group_id, vrid, iface, family) REFERENCES vrrp_group (id, vrid, iface, family)
        ON UPDATE CASCADE ON DELETE CASCADE,
    UNIQUE (director_id, iface, family, vrid)
);

CREATE TABLE virtual_server (
    id            bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text     NOT NULL UNIQUE,
    family        smallint NOT NULL CHECK (family IN (4, 6)),
    address       text,
    port          integer  CHECK (port BETWEEN 0 AND 65535),
    protocol      text     CHECK (protocol IN ('tcp', 'udp', 'sctp')),
    fwmark        bigint   CHECK (fwmark BETWEEN 1 AND 4294967295),
    vrrp_group_id bigint   REFERENCES vrrp_group (id) ON DELETE RESTRICT,
    spec          jsonb    NOT NULL,
    version       bigint   NOT NULL,
    revision      bigint   NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    -- either address + port + protocol, or a firewall mark
    CHECK ((fwmark IS NULL AND address IS NOT NULL AND port IS NOT NULL AND protocol IS NOT NULL)
        OR (fwmark IS NOT NULL AND address IS NULL AND port IS NULL AND protocol IS NULL)),
    CHECK (address IS NULL OR family(address::inet) = family),
    UNIQUE (protocol, address, port),
    UNIQUE (family, fwmark),
    UNIQUE (id, family)
);

CREATE TABLE virtual_server_director (
    virtual_server_id bigint NOT NULL REFERENCES virtual_server (id) ON DELETE CASCADE,
    director_id       bigint NOT NULL REFERENCES director (id) ON DELETE RESTRICT,
    PRIMARY KEY (virtual_server_id, director_id)
);

CREATE TABLE real_server (
    id                bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    virtual_server_id bigint   NOT NULL,
    family            smallint NOT NULL,
    name              text     NOT NULL,
    address           text     NOT NULL CHECK (family(address::inet) = family),
    port              integer  NOT NULL CHECK (port BETWEEN 0 AND 65535),
    spec              jsonb    NOT NULL,
    version           bigint   NOT NULL,
    revision          bigint   NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- same family as its virtual server, enforced by the key itself
    FOREIGN KEY (virtual_server_id, family) REFERENCES virtual_server (id, family) ON DELETE CASCADE,
    UNIQUE (virtual_server_id, name),
    UNIQUE (virtual_server_id, address, port)
);

CREATE TABLE audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    revision   bigint NOT NULL UNIQUE,
    at         timestamptz NOT NULL,
    actor      text   NOT NULL,
    action     text   NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    kind       text   NOT NULL,
    resource   text   NOT NULL,
    before     jsonb,
    after      jsonb
);
CREATE INDEX audit_resource ON audit (kind, resource, revision);

CREATE TABLE api_token (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text   NOT NULL UNIQUE,
    role       text   NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    token_hash bytea  NOT NULL UNIQUE,   -- SHA-256 of the secret; the secret itself is never stored
    created_at timestamptz NOT NULL,
    created_by text
);

CREATE INDEX director_labels ON director USING gin ((spec -> 'labels'));
CREATE INDEX vrrp_group_labels ON vrrp_group USING gin ((spec -> 'labels'));
CREATE INDEX virtual_server_labels ON virtual_server USING gin ((spec -> 'labels'));
CREATE INDEX real_server_labels ON real_server USING gin ((spec -> 'labels'));
