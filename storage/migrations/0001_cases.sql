-- Cases under review: one row per child's death and one column per field of
-- the interchange CSV (shared/spec/case-csv.md), named as the CSV names it.
-- NULL means "not recorded". Dates are YYYY-MM-DD text, instants RFC 3339 UTC
-- text, multi-valued cells their items joined by " | ", NHS numbers ten digits.
CREATE TABLE cases (
	id                        TEXT PRIMARY KEY, -- UUID, never shown
	case_ref                  TEXT NOT NULL COLLATE NOCASE UNIQUE,
	first_name                TEXT NOT NULL,
	last_name                 TEXT NOT NULL,
	date_of_birth             TEXT NOT NULL,
	date_of_death             TEXT NOT NULL,
	sex                       TEXT NOT NULL,
	nhs_number                TEXT,
	nhs_number_status         TEXT,
	time_of_death             TEXT,
	postcode                  TEXT,
	ethnicity                 TEXT,
	imd_decile                INTEGER,
	residence_la              TEXT,
	place_of_death            TEXT,
	expected                  TEXT,
	notified_on               TEXT,
	jar                       TEXT,
	jar_reason                TEXT,
	abuse_neglect_suspected   TEXT,
	csprp_notified_on         TEXT,
	rapid_review_completed_on TEXT,
	coroner_referred          TEXT,
	post_mortem               TEXT,
	inquest                   TEXT,
	key_worker                TEXT,
	stage                     TEXT NOT NULL,
	cdrm_on                   TEXT,
	cdop_review_on            TEXT,
	category                  INTEGER,
	domain_a_score            INTEGER,
	domain_b_score            INTEGER,
	domain_c_score            INTEGER,
	domain_d_score            INTEGER,
	domain_a_factors          TEXT,
	domain_b_factors          TEXT,
	domain_c_factors          TEXT,
	domain_d_factors          TEXT,
	domain_a_modifiable       TEXT,
	domain_b_modifiable       TEXT,
	domain_c_modifiable       TEXT,
	domain_d_modifiable       TEXT,
	modifiable                TEXT,
	cause_of_death            TEXT,
	summary                   TEXT,
	learning                  TEXT,

	-- Derived on every write, for lookups.
	dup_key       TEXT,             -- cdop DuplicateKey: folded names and dates; NULL when incomplete
	search_text   TEXT NOT NULL,    -- folded reference and names, then the NHS number's digits
	year_of_death INTEGER NOT NULL,

	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE INDEX cases_nhs_number ON cases (nhs_number);
CREATE INDEX cases_dup_key ON cases (dup_key);
CREATE INDEX cases_stage ON cases (stage);
CREATE INDEX cases_year_of_death ON cases (year_of_death);
-- Narrow enough for a search to scan it instead of the table.
CREATE INDEX cases_search_text ON cases (search_text);
