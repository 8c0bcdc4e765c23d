-- Accounts. Each user holds one or more roles and signs in with a password
-- that never reaches the database: what is stored is the data key, wrapped
-- under a key derived from the password (vault.Wrapped as JSON, with its
-- Argon2id salt and cost). The keyring holds the data key wrapped under the
-- recovery key and the data key's identifier (never the key itself).
CREATE TABLE users (
	id              INTEGER PRIMARY KEY,
	name            TEXT NOT NULL COLLATE NOCASE UNIQUE,
	roles           TEXT NOT NULL,              -- role words joined by ","
	disabled        INTEGER NOT NULL DEFAULT 0, -- 1: may not sign in
	failed_sign_ins INTEGER NOT NULL DEFAULT 0, -- wrong passwords since the last good one
	locked_until    TEXT,                       -- RFC 3339 UTC; NULL when not locked
	wrapped_key     TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);

CREATE TABLE keyring (
	name  TEXT PRIMARY KEY, -- 'recovery': the data key wrapped under the recovery key; 'key_id': the data key's identifier
	value TEXT NOT NULL
);
