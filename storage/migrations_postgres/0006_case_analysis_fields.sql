-- The analysis form's fields beyond the interchange CSV: the other categories
-- the panel ticked, each factor's catalogue code and contribution, and
-- whether the criteria for a local child safeguarding practice review were met.
ALTER TABLE cases ADD COLUMN contributing_categories TEXT; -- category numbers joined by " | "
ALTER TABLE cases ADD COLUMN factor_details          TEXT; -- JSON array of cdop.FactorDetail
ALTER TABLE cases ADD COLUMN lcspr_criteria_met      TEXT; -- yes / no
