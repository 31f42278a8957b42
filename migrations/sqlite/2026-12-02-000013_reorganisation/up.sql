-- Levels as data and a tree that changes over time (the 2025 mergers):
-- each unit's validity, the names and codes it had before a rename, and
-- the reorganisations that closed units and made their successors.
-- The `district` role becomes `superior`: the level above a commune,
-- a district before July 2025 and a province since.
PRAGMA foreign_keys = OFF;
BEGIN;

ALTER TABLE org_units ADD COLUMN valid_from DATE;
ALTER TABLE org_units ADD COLUMN valid_to DATE;

CREATE TABLE org_unit_names (
    org_unit_id TEXT NOT NULL REFERENCES org_units (id),
    name        TEXT NOT NULL,
    code        TEXT NOT NULL,
    -- The day the unit stopped carrying this name (exclusive).
    valid_to    DATE NOT NULL,
    PRIMARY KEY (org_unit_id, valid_to)
);

CREATE TABLE reorganisations (
    id           TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
    effective_on DATE NOT NULL,
    reason       TEXT NOT NULL,
    legal_basis  TEXT NOT NULL,
    -- The unit a rename names (merges and splits name theirs in org_lineage).
    renamed_id   TEXT REFERENCES org_units (id),
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE org_lineage (
    reorganisation_id TEXT NOT NULL REFERENCES reorganisations (id),
    predecessor_id    TEXT NOT NULL REFERENCES org_units (id),
    successor_id      TEXT NOT NULL REFERENCES org_units (id),
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX org_lineage_successor ON org_lineage (successor_id);

CREATE TABLE users_new (
    id                  TEXT PRIMARY KEY NOT NULL,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'office', 'chairman', 'reporter', 'superior')),
    org_unit_id         TEXT NOT NULL REFERENCES org_units (id),
    password_hash       TEXT NOT NULL,
    credentials_version INTEGER NOT NULL,
    active              BOOLEAN NOT NULL,
    version             INTEGER NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
INSERT INTO users_new
    SELECT id, username, display_name, CASE role WHEN 'district' THEN 'superior' ELSE role END,
           org_unit_id, password_hash, credentials_version, active, version, created_at, updated_at
    FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_org_unit ON users (org_unit_id);

COMMIT;
PRAGMA foreign_keys = ON;
