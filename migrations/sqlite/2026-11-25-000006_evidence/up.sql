-- Evidence (tài liệu kiểm chứng): files kept in the object store, or links.
-- A deleted item keeps its row (and its file) for the audit trail.
CREATE TABLE evidence (
    id           TEXT PRIMARY KEY NOT NULL,
    report_id    TEXT NOT NULL REFERENCES reports (id),
    criterion_id TEXT REFERENCES criteria (id),
    kind         TEXT NOT NULL CHECK (kind IN ('file', 'link')),
    title        TEXT NOT NULL,
    filename     TEXT,
    content_type TEXT,
    size_bytes   BIGINT,
    sha256       TEXT,
    storage_key  TEXT,
    url          TEXT,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    deleted_at   TIMESTAMP,
    deleted_by   TEXT
);
CREATE INDEX evidence_report ON evidence (report_id);
