ALTER TABLE users DROP CONSTRAINT users_role_check;
UPDATE users SET role = 'district' WHERE role = 'superior';
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'office', 'chairman', 'reporter', 'district'));
DROP TABLE org_lineage;
DROP TABLE reorganisations;
DROP TABLE org_unit_names;
ALTER TABLE org_units DROP COLUMN valid_to;
ALTER TABLE org_units DROP COLUMN valid_from;
