-- Who changed which case, when, and each field's value before and after.
CREATE TABLE audit_log (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,                 -- RFC 3339 UTC
	actor   TEXT NOT NULL,
	case_id TEXT NOT NULL REFERENCES cases (id),
	action  TEXT NOT NULL CHECK (action IN ('create', 'update', 'import')),
	changes TEXT NOT NULL                  -- JSON array of {"field", "old", "new"}
);

CREATE INDEX audit_log_case_id ON audit_log (case_id, at);
