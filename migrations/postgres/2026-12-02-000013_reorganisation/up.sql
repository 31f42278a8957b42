-- Levels as data and a tree that changes over time (the 2025 mergers):
-- each unit's validity, the names and codes it had before a rename, and
-- the reorganisations that closed units and made their successors.
-- The `district` role becomes `superior`: the level above a commune,
-- a district before July 2025 and a province since.
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
    id           TEXT PRIMARY KEY,
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

ALTER TABLE users DROP CONSTRAINT users_role_check;
UPDATE users SET role = 'superior' WHERE role = 'district';
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'office', 'chairman', 'reporter', 'superior'));
