PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE users_old (
    id                  TEXT PRIMARY KEY NOT NULL,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'office', 'chairman', 'reporter', 'district')),
    org_unit_id         TEXT NOT NULL REFERENCES org_units (id),
    password_hash       TEXT NOT NULL,
    credentials_version INTEGER NOT NULL,
    active              BOOLEAN NOT NULL,
    version             INTEGER NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
INSERT INTO users_old
    SELECT id, username, display_name, CASE role WHEN 'superior' THEN 'district' ELSE role END,
           org_unit_id, password_hash, credentials_version, active, version, created_at, updated_at
    FROM users;
DROP TABLE users;
ALTER TABLE users_old RENAME TO users;
CREATE INDEX users_org_unit ON users (org_unit_id);
DROP TABLE org_lineage;
DROP TABLE reorganisations;
DROP TABLE org_unit_names;
ALTER TABLE org_units DROP COLUMN valid_to;
ALTER TABLE org_units DROP COLUMN valid_from;
COMMIT;
PRAGMA foreign_keys = ON;
