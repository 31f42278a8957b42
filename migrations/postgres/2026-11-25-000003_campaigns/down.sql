DROP TABLE lock_exceptions;
DROP TABLE criterion_units;
DROP TABLE criteria;
DROP TABLE campaign_participants;
DROP TABLE campaigns;
