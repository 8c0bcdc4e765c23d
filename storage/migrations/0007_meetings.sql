-- Meetings and what they decide, the panel's catalogue of contributory
-- factors, and its recommendations. Dates are YYYY-MM-DD text, instants
-- RFC 3339 UTC text; NULL means "not recorded".

-- Child death review meetings and CDOP panel meetings.
CREATE TABLE meetings (
	id        INTEGER PRIMARY KEY,
	kind      TEXT NOT NULL CHECK (kind IN ('cdrm', 'panel')),  -- cdop.MeetingKinds
	held_on   TEXT NOT NULL,
	starts_at TEXT,                                             -- HH:MM
	place     TEXT,                                             -- a room, or a link
	chair     TEXT,
	attendees TEXT NOT NULL DEFAULT '[]'                        -- JSON array of cdop.Attendee
	          CHECK (json_valid(attendees) AND json_type(attendees) = 'array'),
	notes     TEXT
);

CREATE INDEX meetings_held_on ON meetings (held_on);

-- The cases on a meeting's agenda, in order, and what the meeting decided.
CREATE TABLE agenda_items (
	meeting_id INTEGER NOT NULL REFERENCES meetings (id),
	case_id    TEXT NOT NULL REFERENCES cases (id),
	position   INTEGER NOT NULL CHECK (position >= 1),
	outcome    TEXT NOT NULL DEFAULT 'pending'
	           CHECK (outcome IN ('pending', 'signed_off', 'deferred')),  -- cdop.AgendaOutcomes
	reason     TEXT,  -- why it was deferred
	awaiting   TEXT,  -- what the panel waits for before taking it again
	PRIMARY KEY (meeting_id, case_id),
	CHECK (outcome <> 'deferred' OR reason IS NOT NULL)
);

CREATE INDEX agenda_items_case_id ON agenda_items (case_id);

-- The factors a panel picks from on the analysis form: the national
-- defaults (cdop.DefaultFactorCatalogue, below) and the panel's own, whose
-- codes the program gives a local prefix (e.g. BL01).
CREATE TABLE factor_catalogue (
	code   TEXT PRIMARY KEY COLLATE NOCASE,
	domain TEXT NOT NULL CHECK (domain IN ('a', 'b', 'c', 'd')),  -- cdop.Domains
	text   TEXT NOT NULL
);

CREATE UNIQUE INDEX factor_catalogue_text ON factor_catalogue (domain, text COLLATE NOCASE);

INSERT INTO factor_catalogue (code, domain, text) VALUES
	('A01', 'a', 'Prematurity'),
	('A02', 'a', 'Congenital or genetic condition'),
	('A03', 'a', 'Chronic or life-limiting illness'),
	('A04', 'a', 'Disability or learning disability'),
	('A05', 'a', 'Acute illness or infection'),
	('A06', 'a', 'Mental health needs of the child'),
	('A07', 'a', 'Substance or alcohol use by the child'),
	('A08', 'a', 'Behaviour that put the child at risk'),
	('B01', 'b', 'Smoking in pregnancy or in the household'),
	('B02', 'b', 'Unsafe sleep: co-sleeping or shared surface'),
	('B03', 'b', 'Parental substance or alcohol misuse'),
	('B04', 'b', 'Domestic abuse'),
	('B05', 'b', 'Parental mental health needs'),
	('B06', 'b', 'Child protection or safeguarding concerns'),
	('B07', 'b', 'Poverty or financial hardship'),
	('B08', 'b', 'Bullying or peer relationships'),
	('B09', 'b', 'Bereavement or family breakdown'),
	('B10', 'b', 'Late or no antenatal booking'),
	('C01', 'c', 'Unsafe sleeping environment'),
	('C02', 'c', 'Overcrowded, damp or unsafe housing'),
	('C03', 'c', 'Road traffic environment'),
	('C04', 'c', 'Open water or unsupervised water'),
	('C05', 'c', 'Access to means of self-harm'),
	('C06', 'c', 'Unsafe product or equipment'),
	('C07', 'c', 'Air pollution or environmental exposure'),
	('D01', 'd', 'Delay in recognising serious illness'),
	('D02', 'd', 'Communication or information sharing between agencies'),
	('D03', 'd', 'Access to services, or waiting times'),
	('D04', 'd', 'Guidance or protocol not followed'),
	('D05', 'd', 'Staffing, skill mix or training'),
	('D06', 'd', 'Transition between services'),
	('D07', 'd', 'Mental health service provision'),
	('D08', 'd', 'Safeguarding referral or response');

-- The panel's recommendations to agencies, from cases or a theme across
-- them, tracked to completion.
CREATE TABLE recommendations (
	id         INTEGER PRIMARY KEY,
	theme      TEXT,
	agency_id  INTEGER NOT NULL REFERENCES agencies (id),
	action     TEXT NOT NULL,
	due_on     TEXT NOT NULL,
	status     TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'not_accepted')),  -- cdop.RecommendationStatuses
	created_on TEXT NOT NULL
);

CREATE INDEX recommendations_agency_id ON recommendations (agency_id);

-- The cases a recommendation came from.
CREATE TABLE recommendation_cases (
	recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
	case_id           TEXT NOT NULL REFERENCES cases (id),
	PRIMARY KEY (recommendation_id, case_id)
);

CREATE INDEX recommendation_cases_case_id ON recommendation_cases (case_id);

-- Progress reports on a recommendation, each with the status it set.
CREATE TABLE recommendation_updates (
	id                INTEGER PRIMARY KEY,
	recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
	updated_on        TEXT NOT NULL,  -- the date of the progress
	status            TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'not_accepted')),
	note              TEXT,
	updated_by        TEXT NOT NULL,  -- who reported it
	at                TEXT NOT NULL   -- when it was recorded
);

CREATE INDEX recommendation_updates_recommendation_id ON recommendation_updates (recommendation_id, at);

-- The audit log gains the meetings' actions: rows about no case (a
-- meeting's details, a recommendation, the catalogue) and rows about a
-- case (its place on an agenda, its sign-off). As 0004 did, the table is
-- rebuilt, its rows copied with their IDs; DROP TABLE drops 0005's
-- triggers (without firing them), so they are created again after it.
CREATE TABLE audit_log_new (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,                 -- RFC 3339 UTC
	actor   TEXT NOT NULL,
	case_id TEXT REFERENCES cases (id),    -- NULL for changes about no case
	action  TEXT NOT NULL CHECK (action IN ('create', 'update', 'import', 'stage', 'request',
	                                        'contact', 'pause', 'agency', 'settings',
	                                        'meeting', 'agenda', 'signoff', 'recommendation', 'catalogue')),
	changes TEXT NOT NULL,                 -- JSON array of {"field", "old", "new"}
	CHECK ((case_id IS NULL) = (action IN ('agency', 'settings', 'meeting', 'recommendation', 'catalogue')))
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
