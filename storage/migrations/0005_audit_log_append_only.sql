-- The audit log is a record of what happened: rows are added, never changed
-- or removed, whatever program writes to the file. (DROP TABLE drops these
-- triggers first, so a later migration may still rebuild the table.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
