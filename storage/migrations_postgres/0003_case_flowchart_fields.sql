-- The case's flowchart fields, which the interchange CSV does not carry
-- (cdop.CaseFields after cdop.Columns), stored as the first migration stores
-- the interchange fields: text, NULL when not recorded, lists joined by " | ".
ALTER TABLE cases ADD COLUMN jar_triggers               TEXT; -- JAR checklist: JARReasons words
ALTER TABLE cases ADD COLUMN parallel_reviews           TEXT; -- ParallelReviewKinds words
ALTER TABLE cases ADD COLUMN parallel_review_other      TEXT;
ALTER TABLE cases ADD COLUMN cdrm_not_held_reason       TEXT;
ALTER TABLE cases ADD COLUMN family_told_cdrm_on        TEXT;
ALTER TABLE cases ADD COLUMN family_told_cdop_review_on TEXT;
ALTER TABLE cases ADD COLUMN family_told_outcome_on     TEXT;
ALTER TABLE cases ADD COLUMN analysis_signed_off_on     TEXT;
