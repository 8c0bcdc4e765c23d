-- The differencing guard: every annual report published, with its period
-- (cdop.ReportPeriod's key and label), when and by whom, and its figures as
-- printed (JSON, with their SHA-256 digest), so that a report made again
-- for the same period can say which figures changed.
CREATE TABLE published_reports (
	id           INTEGER PRIMARY KEY,
	period_key   TEXT NOT NULL,     -- e.g. 2025-04-01..2026-03-31
	period_label TEXT NOT NULL,
	published_at TEXT NOT NULL,     -- RFC 3339 UTC
	published_by TEXT NOT NULL,
	digest       TEXT NOT NULL,
	cells        TEXT NOT NULL      -- JSON array of {"table", "row", "column", "value"}
);

CREATE INDEX published_reports_period ON published_reports (period_key, published_at);

-- A recommendation's text is printed in a published report only once
-- someone has cleared it for publication: when, and who.
CREATE TABLE recommendation_clearances (
	recommendation_id INTEGER PRIMARY KEY REFERENCES recommendations (id),
	cleared_on        TEXT NOT NULL,  -- YYYY-MM-DD
	cleared_by        TEXT NOT NULL
);
