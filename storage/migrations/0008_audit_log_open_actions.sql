-- The audit log gains the extract's action (an anonymised dataset extract,
-- about no case), and stops listing its actions: which actions exist is
-- the program's to say (storage's insertAudit callers), so that a new one
-- needs no rebuild of the table. What stays in the schema is the rule
-- about case_id for the actions known today: those about a case need one,
-- those about no case must have none; an action not named here may do
-- either. As 0004 and 0007 did, the table is rebuilt and its rows copied
-- with their IDs; DROP TABLE drops 0005's triggers (without firing them),
-- so they are created again after it, as they were.
CREATE TABLE audit_log_new (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,                 -- RFC 3339 UTC
	actor   TEXT NOT NULL,
	case_id TEXT REFERENCES cases (id),    -- NULL for changes about no case
	action  TEXT NOT NULL,                 -- e.g. 'create', 'settings', 'extract'
	changes TEXT NOT NULL,                 -- JSON array of {"field", "old", "new"}
	CHECK (CASE
		WHEN action IN ('create', 'update', 'import', 'stage', 'request', 'contact', 'pause',
		                'agenda', 'signoff') THEN case_id IS NOT NULL
		WHEN action IN ('agency', 'settings', 'meeting', 'recommendation', 'catalogue',
		                'extract') THEN case_id IS NULL
		ELSE 1
	END)
);

INSERT INTO audit_log_new (id, at, actor, case_id, action, changes)
	SELECT id, at, actor, case_id, action, changes FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;

CREATE INDEX audit_log_case_id ON audit_log (case_id, at);

-- As 0005 made them.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
