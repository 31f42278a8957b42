CREATE TABLE settings (
    key        TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
    value      TEXT NOT NULL,
    -- UTC; TIMESTAMP rather than TIMESTAMPTZ so one schema.rs type serves both backends.
    updated_at TIMESTAMP NOT NULL
);
