package storage

import (
	"strconv"
	"strings"
)

// dialect is the SQL engine a DB runs on: SQLite (the zero value, a file)
// or PostgreSQL (a server). The program's queries are written once, in the
// SQL both understand, with ? placeholders (rebound to $1, $2… for
// PostgreSQL by its connector, postgres.go); the few that each engine
// spells its own way ask the dialect.
type dialect struct{ postgres bool }

// Name is the engine's name, as a user knows it.
func (d dialect) Name() string {
	if d.postgres {
		return "PostgreSQL"
	}
	return "SQLite"
}

// migrationsDir is the embedded folder of the engine's migrations,
// numbered alike.
func (d dialect) migrationsDir() string {
	if d.postgres {
		return "migrations_postgres"
	}
	return "migrations"
}

// rowidIn is the condition that a case's rowid is among those of a JSON
// array given as the one parameter.
func (d dialect) rowidIn() string {
	if d.postgres {
		return "rowid IN (SELECT value::bigint FROM json_array_elements_text(coalesce(nullif(?, 'null'), '[]')::json))"
	}
	return "rowid IN (SELECT value FROM json_each(?))"
}

// refLike is the condition that case_ref matches a LIKE pattern given as
// the one parameter, ignoring ASCII case as SQLite's LIKE does
// (PostgreSQL's LIKE refuses case_ref's case-insensitive collation).
func (d dialect) refLike() string {
	if d.postgres {
		return `case_ref COLLATE "C" ILIKE ?`
	}
	return "case_ref LIKE ?"
}

// rebind rewrites the ? placeholders of query as PostgreSQL's $1, $2…,
// leaving alone those inside quoted text or identifiers and comments.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) {
				if query[j] == c {
					if j+1 < len(query) && query[j+1] == c { // a doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(query) {
				j = len(query) - 1
			}
			b.WriteString(query[i : j+1])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i - 1
			}
			b.WriteString(query[i : i+j+1])
			i += j
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			j := strings.Index(query[i+2:], "*/")
			end := len(query)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(query[i:end])
			i = end - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// lastInsertID is the query of the identity of the row the transaction
// inserted last.
func (d dialect) lastInsertID() string {
	if d.postgres {
		return "SELECT lastval()"
	}
	return "SELECT last_insert_rowid()"
}

// liftAuditTriggers are the statements that lift the audit log's
// append-only triggers for sealing its old rows, in the transaction that
// restoreAuditTriggers then puts them back in.
func (d dialect) liftAuditTriggers() []string {
	if d.postgres {
		return []string{"ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update"}
	}
	return []string{"DROP TRIGGER IF EXISTS audit_log_no_update", "DROP TRIGGER IF EXISTS audit_log_no_delete"}
}

// restoreAuditTriggers puts back what liftAuditTriggers lifted.
func (d dialect) restoreAuditTriggers() []string {
	if d.postgres {
		return []string{"ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update"}
	}
	return auditTriggers
}

// refList is the aggregate listing a group's case references, "R1, R2".
func (d dialect) refList() string {
	if d.postgres {
		return `string_agg(case_ref::text, ', ' ORDER BY case_ref::text)`
	}
	return `group_concat(case_ref, ', ')`
}

// refGroup groups case references ignoring ASCII case.
func (d dialect) refGroup() string {
	if d.postgres {
		return `lower(case_ref::text)`
	}
	return `case_ref COLLATE NOCASE`
}
