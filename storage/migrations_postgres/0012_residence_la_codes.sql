-- The local authority of residence becomes a code from the shipped list of
-- England's local authorities (cdop.LocalAuthorities). The text stored
-- before is mapped to codes by name in Go (residenceCodes in
-- storage/residence.go, run after this script in the same transaction):
-- accents, case and punctuation are ignored, and each change is audited.
-- Text that names no local authority is kept as it was, for the
-- coordinator to fix: `cdop check` lists those cases (as breaking the field's rule).
SELECT 1;
