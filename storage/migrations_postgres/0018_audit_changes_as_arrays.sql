-- From this version on, an audit row's changes (audit_log.changes, sealed
-- at rest) are written as JSON arrays: [field, new] for a field that had
-- no value before, [field, old, new] otherwise (storage/auditchanges.go).
-- Rows written before hold objects, {"field", "old", "new"}, and are read
-- as they are. Nothing stored changes here: the new schema number stops a
-- version that reads only objects from opening a database that may hold
-- arrays (it refuses a database of a newer schema).
SELECT 1;
