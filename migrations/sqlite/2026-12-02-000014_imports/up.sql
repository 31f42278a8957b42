-- Bulk imports of figures (issue 15): one row per import, its options, its
-- rows while they wait for the background worker (NULL once finished), and
-- its outcome (the summary and the problems, as JSON).
CREATE TABLE imports (
    id TEXT PRIMARY KEY NOT NULL,
    actor TEXT NOT NULL,
    scope_path TEXT NOT NULL,
    options TEXT NOT NULL,
    status TEXT NOT NULL,
    total_rows INTEGER NOT NULL,
    done_rows INTEGER NOT NULL DEFAULT 0,
    input TEXT,
    outcome TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX imports_by_status ON imports (status, created_at);
