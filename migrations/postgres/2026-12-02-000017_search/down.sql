DROP INDEX people_sort;
ALTER TABLE people DROP COLUMN sort_key;
ALTER TABLE people DROP COLUMN search_key;
ALTER TABLE campaigns DROP COLUMN search_key;
ALTER TABLE users DROP COLUMN search_key;
ALTER TABLE org_units DROP COLUMN search_key;
