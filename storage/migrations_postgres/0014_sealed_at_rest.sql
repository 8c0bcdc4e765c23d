-- Identifiers sealed at rest (storage/atrest.go). The NHS number is looked
-- up through a blind index, nhs_index (in a database not yet sealed, the
-- number itself); the search text, which held names and NHS numbers in
-- clear, goes: searches look in an in-memory index read after sign-in, kept
-- up to date through change_seq, the number of the transaction that last
-- wrote a case's listed fields (case_changes keeps the latest). The values
-- themselves are sealed by the program, which alone has the key, when the
-- database's first administrator signs in.
ALTER TABLE cases ADD COLUMN nhs_index TEXT;
UPDATE cases SET nhs_index = nhs_number;
DROP INDEX cases_nhs_number;
CREATE INDEX cases_nhs_index ON cases (nhs_index);

DROP INDEX cases_search_text;
ALTER TABLE cases DROP COLUMN search_text;

ALTER TABLE cases ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX cases_change_seq ON cases (change_seq);

CREATE TABLE case_changes (seq BIGINT NOT NULL);
INSERT INTO case_changes (seq) VALUES (0);

-- The register's listing of a case (names, NHS number, dates of birth and
-- death, and the names as a search folds them) in one value, sealed as the
-- fields are, so that listing every case decrypts one value a case. The
-- program writes it; a database not yet sealed gets it, in clear, at its
-- first administrator's sign-in, with the rest.
ALTER TABLE cases ADD COLUMN listing TEXT;
-- Here, in clear, with the folded names left for the program to work out.
UPDATE cases SET listing = '' || chr(31) || coalesce(first_name, '') || chr(31) || coalesce(last_name, '') || chr(31) ||
	coalesce(nhs_number, '') || chr(31) || coalesce(date_of_birth, '') || chr(31) || coalesce(date_of_death, '');
