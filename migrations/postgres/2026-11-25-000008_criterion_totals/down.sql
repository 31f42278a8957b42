DROP TABLE criterion_totals;
