-- What is recorded along the review flowchart besides the case itself: the
-- agency directory, requests for agencies' forms, the key worker's contacts
-- with the family, pauses of a case's clocks, stage moves, and the panel's
-- settings. Dates are YYYY-MM-DD text, instants RFC 3339 UTC text; NULL means
-- "not recorded".

-- The agencies the panel asks for information.
CREATE TABLE agencies (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL COLLATE NOCASE UNIQUE,
	type    TEXT NOT NULL,  -- cdop.AgencyTypes
	contact TEXT
);

-- Requests to an agency for the reporting form or a supplementary form.
CREATE TABLE agency_requests (
	id             INTEGER PRIMARY KEY,
	case_id        TEXT NOT NULL REFERENCES cases (id),
	agency_id      INTEGER NOT NULL REFERENCES agencies (id),
	form           TEXT NOT NULL,                      -- cdop.FormTypes
	requested_on   TEXT NOT NULL,
	due_on         TEXT NOT NULL,                      -- target for the reply
	chased_on      TEXT NOT NULL DEFAULT '[]'          -- JSON array of dates, oldest first
	               CHECK (json_valid(chased_on) AND json_type(chased_on) = 'array'),
	received_on    TEXT,
	declined_on    TEXT,
	decline_reason TEXT,
	note           TEXT,
	updated_at     TEXT NOT NULL
);

CREATE INDEX agency_requests_case_id ON agency_requests (case_id, requested_on);
CREATE INDEX agency_requests_agency_id ON agency_requests (agency_id);

-- The key worker's contact log with the family.
CREATE TABLE contacts (
	id           INTEGER PRIMARY KEY,
	case_id      TEXT NOT NULL REFERENCES cases (id),
	contacted_on TEXT NOT NULL,
	method       TEXT NOT NULL,  -- cdop.ContactMethods
	note         TEXT,
	contacted_by TEXT NOT NULL   -- who made the contact
);

CREATE INDEX contacts_case_id ON contacts (case_id, contacted_on);

-- Pauses of one of a case's clocks (e.g. awaiting an inquest): from_on up to
-- to_on, or still running while to_on is NULL.
CREATE TABLE clock_pauses (
	id       INTEGER PRIMARY KEY,
	case_id  TEXT NOT NULL REFERENCES cases (id),
	deadline TEXT NOT NULL,  -- cdop.DeadlineNames
	from_on  TEXT NOT NULL,
	to_on    TEXT CHECK (to_on IS NULL OR to_on >= from_on),
	reason   TEXT NOT NULL
);

CREATE INDEX clock_pauses_case_id ON clock_pauses (case_id, from_on);
-- At most one running pause of each clock of a case.
CREATE UNIQUE INDEX clock_pauses_running ON clock_pauses (case_id, deadline) WHERE to_on IS NULL;

-- Every move of a case from one stage of the flowchart to another.
CREATE TABLE stage_moves (
	id         INTEGER PRIMARY KEY,
	case_id    TEXT NOT NULL REFERENCES cases (id),
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	from_stage TEXT NOT NULL,
	to_stage   TEXT NOT NULL,
	reason     TEXT  -- required by the program when moving back or reopening
);

CREATE INDEX stage_moves_case_id ON stage_moves (case_id, at);

-- The panel's settings, one row each; a missing key has its default.
-- Numbers are decimal text, extra holidays YYYY-MM-DD dates joined by " | ".
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- The audit log gains the flowchart's actions, and rows about no case (the
-- agency directory, the settings). SQLite cannot alter a CHECK constraint or
-- a NOT NULL, so the table is rebuilt and its rows copied with their IDs.
CREATE TABLE audit_log_new (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,                 -- RFC 3339 UTC
	actor   TEXT NOT NULL,
	case_id TEXT REFERENCES cases (id),    -- NULL for the agency directory and the settings
	action  TEXT NOT NULL CHECK (action IN ('create', 'update', 'import', 'stage', 'request',
	                                        'contact', 'pause', 'agency', 'settings')),
	changes TEXT NOT NULL,                 -- JSON array of {"field", "old", "new"}
	CHECK ((case_id IS NULL) = (action IN ('agency', 'settings')))
);

INSERT INTO audit_log_new (id, at, actor, case_id, action, changes)
	SELECT id, at, actor, case_id, action, changes FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;

CREATE INDEX audit_log_case_id ON audit_log (case_id, at);
