-- As SQLite's 0011: the audit log's chain, beside the log, never changed.
CREATE TABLE audit_chain (
	audit_id BIGINT PRIMARY KEY REFERENCES audit_log (id),
	mac      TEXT NOT NULL -- hex
);

CREATE FUNCTION audit_chain_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit chain cannot be changed';
END
$$;

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
	FOR EACH ROW EXECUTE FUNCTION audit_chain_unchanged();
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
	FOR EACH ROW EXECUTE FUNCTION audit_chain_unchanged();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
	FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_unchanged();
