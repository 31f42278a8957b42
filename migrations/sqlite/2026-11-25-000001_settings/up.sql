CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
    value      TEXT NOT NULL,
    -- UTC, written by the service as 'YYYY-MM-DD HH:MM:SS.ffffff'.
    updated_at TIMESTAMP NOT NULL
);
