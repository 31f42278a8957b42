-- Reports, their values and review history, and the audit log.

CREATE TABLE reports (
    id           TEXT PRIMARY KEY NOT NULL,
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id),
    org_unit_id  TEXT NOT NULL REFERENCES org_units (id),
    period_id    TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'reopened')),
    version      INTEGER NOT NULL,
    -- The latest submission; on time when not after the period's due day.
    submitted_at TIMESTAMP,
    approved_at  TIMESTAMP,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, org_unit_id, period_id)
);
CREATE INDEX reports_unit ON reports (org_unit_id);
CREATE INDEX reports_status ON reports (campaign_id, period_id, status);

CREATE TABLE report_values (
    report_id           TEXT NOT NULL REFERENCES reports (id),
    criterion_id        TEXT NOT NULL REFERENCES criteria (id),
    numerator           DOUBLE PRECISION,
    denominator         DOUBLE PRECISION,
    percentage          DOUBLE PRECISION,
    count               DOUBLE PRECISION,
    achieved            BOOLEAN,
    -- Computed by the service from the figures above.
    computed_percentage DOUBLE PRECISION,
    met                 BOOLEAN,
    not_applicable      BOOLEAN NOT NULL,
    note                TEXT NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    PRIMARY KEY (report_id, criterion_id)
);

CREATE TABLE report_events (
    id          TEXT PRIMARY KEY NOT NULL,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    actor       TEXT NOT NULL,
    at          TIMESTAMP NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT
);
CREATE INDEX report_events_report ON report_events (report_id);

-- Append-only: the service inserts, never updates or deletes.
CREATE TABLE audit_events (
    id          TEXT PRIMARY KEY NOT NULL,
    at          TIMESTAMP NOT NULL,
    actor       TEXT NOT NULL,
    request_id  TEXT,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);
CREATE INDEX audit_events_at ON audit_events (at);
