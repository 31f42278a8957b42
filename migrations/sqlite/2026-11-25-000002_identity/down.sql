DROP TABLE login_throttles;
DROP TABLE refresh_tokens;
DROP TABLE service_accounts;
DROP TABLE people;
DROP TABLE users;
DROP TABLE org_units;
