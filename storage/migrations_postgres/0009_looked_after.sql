-- Whether the child was looked after by a local authority at death
-- (yes / no / not_known), a field of the registry.
ALTER TABLE cases ADD COLUMN looked_after TEXT;
