-- What an agency returned for a request: the answers to the items of the
-- request's form (cdop.ReturnForms), one row per request. The answers are
-- a JSON object of item ID to answer, sealed at rest as one value (typed
-- text about the child and family), read and written in one place
-- (storage/returns.go); so a copied file shows only that a request has a
-- return, its form, how it was recorded and when. The case is the
-- request's: a request moved to another case (a duplicate merged) takes
-- its return with it.
CREATE TABLE agency_returns (
	request_id BIGINT PRIMARY KEY REFERENCES agency_requests (id),
	form       TEXT NOT NULL,   -- cdop.FormTypes: the request's form
	answers    TEXT NOT NULL,   -- sealed JSON object: item ID → answer
	source     TEXT NOT NULL,   -- cdop.ReturnSources: typed or imported
	updated_at TEXT NOT NULL,   -- RFC 3339 UTC
	updated_by TEXT NOT NULL
);
