-- The audit log's chain: each audit row's MAC (HMAC-SHA-256 under a key
-- derived from the data key) over its content and the previous row's MAC,
-- kept beside the log so the log's rows are never updated. A row written
-- before anyone signed in (a refused or failed sign-in) is chained by the
-- next signed-in write. The chain's head (rows chained, the last row's ID
-- and MAC, and the head's own MAC) is kept in the keyring as 'audit_head'.
CREATE TABLE audit_chain (
	audit_id INTEGER PRIMARY KEY REFERENCES audit_log (id),
	mac      TEXT NOT NULL -- hex
);

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
	SELECT RAISE(ABORT, 'the audit chain cannot be changed');
END;

CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
	SELECT RAISE(ABORT, 'the audit chain cannot be changed');
END;
