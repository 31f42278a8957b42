-- Search and Vietnamese order (domain::search). The keys are computed by the
-- service from the name on every write; rows written before this migration
-- get theirs when the migrations next run (db::search::backfill), which
-- finds them by the empty key.
ALTER TABLE org_units ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
-- ASCII that sorts byte by byte whatever the database's locale.
ALTER TABLE people ADD COLUMN sort_key TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX people_sort ON people (sort_key, id);
