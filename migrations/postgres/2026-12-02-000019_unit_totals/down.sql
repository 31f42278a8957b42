DROP TABLE unit_totals;
