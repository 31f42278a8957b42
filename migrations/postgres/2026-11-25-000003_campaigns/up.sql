-- Campaigns, their participants and criteria, and lock exceptions.
-- Periods are not stored: they follow from a campaign's type and dates.

CREATE TABLE campaigns (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL,
    title           TEXT NOT NULL,
    issuer_id       TEXT NOT NULL REFERENCES org_units (id),
    issued_on       DATE NOT NULL,
    starts_on       DATE NOT NULL,
    ends_on         DATE NOT NULL,
    period_type     TEXT NOT NULL CHECK (period_type IN ('year', 'half', 'quarter', 'month')),
    -- A JSON array of strings (căn cứ).
    legal_bases     TEXT NOT NULL,
    description     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'active', 'closed')),
    submission_days INTEGER NOT NULL,
    lock_days       INTEGER NOT NULL,
    results_public  BOOLEAN NOT NULL,
    version         INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (issuer_id, code),
    CHECK (ends_on >= starts_on),
    CHECK (lock_days >= submission_days)
);

CREATE TABLE campaign_participants (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    org_unit_id TEXT NOT NULL REFERENCES org_units (id),
    PRIMARY KEY (campaign_id, org_unit_id)
);

CREATE TABLE criteria (
    id                TEXT PRIMARY KEY,
    campaign_id       TEXT NOT NULL REFERENCES campaigns (id),
    parent_id         TEXT REFERENCES criteria (id),
    ordinal           INTEGER NOT NULL,
    code              TEXT NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    measure           TEXT NOT NULL CHECK (measure IN ('boolean', 'ratio', 'percentage', 'count')),
    comparator        TEXT NOT NULL CHECK (comparator IN ('>=', '<=', '=')),
    target            DOUBLE PRECISION,
    numerator_label   TEXT,
    denominator_label TEXT,
    weight            DOUBLE PRECISION NOT NULL,
    -- Space-separated org kinds; NULL: not limited by kind.
    applies_to_kinds  TEXT,
    version           INTEGER NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, code)
);
CREATE INDEX criteria_campaign ON criteria (campaign_id);

-- When a criterion names the units that report it.
CREATE TABLE criterion_units (
    criterion_id TEXT NOT NULL REFERENCES criteria (id),
    org_unit_id  TEXT NOT NULL REFERENCES org_units (id),
    PRIMARY KEY (criterion_id, org_unit_id)
);

CREATE TABLE lock_exceptions (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    period_id   TEXT NOT NULL,
    org_unit_id TEXT NOT NULL REFERENCES org_units (id),
    reason      TEXT NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX lock_exceptions_lookup ON lock_exceptions (campaign_id, period_id, org_unit_id);
