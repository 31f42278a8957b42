-- Identity and access: the organisation tree, people, users, service
-- accounts, refresh tokens and login throttling. Ids are UUIDv7 text;
-- times are UTC.

CREATE TABLE org_units (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('root', 'province', 'district', 'commune', 'sector', 'mass_organisation', 'fatherland_front')),
    parent_id   TEXT REFERENCES org_units (id),
    -- '/<root id>/…/<own id>/': a subtree is every path with this prefix.
    path        TEXT NOT NULL UNIQUE,
    active      BOOLEAN NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX org_units_parent ON org_units (parent_id);

CREATE TABLE users (
    id                  TEXT PRIMARY KEY NOT NULL,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'office', 'chairman', 'reporter', 'district')),
    org_unit_id         TEXT NOT NULL REFERENCES org_units (id),
    password_hash       TEXT NOT NULL,
    -- Raised when the password changes or the account is deactivated:
    -- access tokens carry it, and an older one stops working.
    credentials_version INTEGER NOT NULL,
    active              BOOLEAN NOT NULL,
    version             INTEGER NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX users_org_unit ON users (org_unit_id);

CREATE TABLE people (
    id          TEXT PRIMARY KEY NOT NULL,
    org_unit_id TEXT NOT NULL REFERENCES org_units (id),
    full_name   TEXT NOT NULL,
    position    TEXT NOT NULL,
    user_id     TEXT UNIQUE REFERENCES users (id),
    active      BOOLEAN NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX people_org_unit ON people (org_unit_id);

CREATE TABLE service_accounts (
    id          TEXT PRIMARY KEY NOT NULL,
    client_id   TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    org_unit_id TEXT NOT NULL REFERENCES org_units (id),
    scopes      TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    revoked_at  TIMESTAMP
);

CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY NOT NULL,
    family_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    issued_at   TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    revoked_at  TIMESTAMP
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Failed logins per account ('account:<username>') and per client address
-- ('address:<ip>'), in the database so every instance sees them.
CREATE TABLE login_throttles (
    key             TEXT PRIMARY KEY NOT NULL,
    failures        INTEGER NOT NULL,
    last_failure_at TIMESTAMP NOT NULL,
    locked_until    TIMESTAMP
);
