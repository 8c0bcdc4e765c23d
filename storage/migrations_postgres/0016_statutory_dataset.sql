-- The statutory dataset (issue 14): the NCMD notification's further items,
-- the coroner's, post-mortem's and inquest's dates, the NCMD submission, and
-- the record's own status (voided, transferred, a look-alike confirmed a
-- different child). Each is a field of the registry (cdop/fields.go); every
-- existing case keeps its values and has these blank.
ALTER TABLE cases ADD COLUMN child_protection_plan          TEXT; -- yes / no / not_known
ALTER TABLE cases ADD COLUMN residency                      TEXT; -- resident / non_resident
ALTER TABLE cases ADD COLUMN panel_of_residence             TEXT;
ALTER TABLE cases ADD COLUMN birth_outcome                  TEXT; -- live_birth / unattended_stillbirth
ALTER TABLE cases ADD COLUMN gestation_weeks                BIGINT;
ALTER TABLE cases ADD COLUMN birth_weight_grams             TEXT;
ALTER TABLE cases ADD COLUMN address                        TEXT;
ALTER TABLE cases ADD COLUMN gp_practice                    TEXT;
ALTER TABLE cases ADD COLUMN parents                        TEXT; -- " | " separated
ALTER TABLE cases ADD COLUMN siblings                       TEXT; -- " | " separated
ALTER TABLE cases ADD COLUMN notifier                       TEXT;
ALTER TABLE cases ADD COLUMN notifier_agency                TEXT;
ALTER TABLE cases ADD COLUMN la_aware_on                    TEXT; -- YYYY-MM-DD
ALTER TABLE cases ADD COLUMN lac_notified_on                TEXT;
ALTER TABLE cases ADD COLUMN mccd_cause                     TEXT;
ALTER TABLE cases ADD COLUMN coroner_area                   TEXT;
ALTER TABLE cases ADD COLUMN coroner_referred_on            TEXT;
ALTER TABLE cases ADD COLUMN post_mortem_on                 TEXT;
ALTER TABLE cases ADD COLUMN post_mortem_report_received_on TEXT;
ALTER TABLE cases ADD COLUMN inquest_opened_on              TEXT;
ALTER TABLE cases ADD COLUMN inquest_concluded_on           TEXT;
ALTER TABLE cases ADD COLUMN inquest_conclusion             TEXT;
ALTER TABLE cases ADD COLUMN pfd_report                     TEXT; -- yes / no
ALTER TABLE cases ADD COLUMN ncmd_submitted_on              TEXT;
ALTER TABLE cases ADD COLUMN ncmd_submitted_by              TEXT;
ALTER TABLE cases ADD COLUMN voided_reason                  TEXT;
ALTER TABLE cases ADD COLUMN transferred_to                 TEXT;
ALTER TABLE cases ADD COLUMN transferred_on                 TEXT;
ALTER TABLE cases ADD COLUMN distinct_reason                TEXT;
