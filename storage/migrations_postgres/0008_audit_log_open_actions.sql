-- As SQLite's 0008: the audit log stops listing its actions; what stays is
-- the rule about case_id for the actions known today.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_case;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_case CHECK (CASE
	WHEN action IN ('create', 'update', 'import', 'stage', 'request', 'contact', 'pause',
	                'agenda', 'signoff') THEN case_id IS NOT NULL
	WHEN action IN ('agency', 'settings', 'meeting', 'recommendation', 'catalogue',
	                'extract') THEN case_id IS NULL
	ELSE TRUE
END);
