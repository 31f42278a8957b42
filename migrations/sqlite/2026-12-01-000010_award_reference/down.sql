DROP TABLE award_coefficients;
DROP TABLE award_types;
DROP TABLE award_base_salaries;
DROP TABLE award_legal_bases;
