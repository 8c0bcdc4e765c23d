package storage

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"casemanager/cdop"
)

// The factor catalogue starts as cdop.DefaultFactorCatalogue, which
// migration 0007 stores. A factor the panel adds without a code gets the
// next local code of its domain: the domain's letter, "L", and a number
// from 01 ("BL01", "BL02"...). Local codes never take a code of the form a
// later national catalogue would use ("B11"), and an extract shows which
// factors are the panel's own. They sort after the domain's national codes.

// localCodeMark follows the domain's letter in the codes of the panel's own factors.
const localCodeMark = "L"

// catalogueCodePattern is the form of a factor's code: a letter and up to 11
// letters or digits, upper case.
var catalogueCodePattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{0,11}$`)

// FactorCatalogue returns the factors a panel picks from, the national
// defaults and its own, ordered by code.
func (db *DB) FactorCatalogue(ctx context.Context) ([]cdop.FactorCatalogueEntry, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findCatalogue(ctx, tx, "ORDER BY code")
}

// AddCatalogueFactor adds a factor to the catalogue, with an audit row about
// no case. The domain (a cdop.Domains code, in either case) and the text
// are required; the text may not hold "|", which separates a domain's
// factors. A code, when given, must start with the domain's letter and be
// letters and digits (it is stored upper case); a blank code is the
// domain's next local code (see localCodeMark). Another factor of the domain
// with the same text ignoring case, or a code already used, is an ECONFLICT
// error. On success e holds what is stored.
func (db *DB) AddCatalogueFactor(ctx context.Context, e *cdop.FactorCatalogueEntry) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := addCatalogueFactor(ctx, tx, e)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*e = *stored
	return nil
}

func addCatalogueFactor(ctx context.Context, tx *tx, e *cdop.FactorCatalogueEntry) (*cdop.FactorCatalogueEntry, error) {
	n := cdop.FactorCatalogueEntry{
		Code:   strings.ToUpper(strings.TrimSpace(e.Code)),
		Domain: strings.ToLower(strings.TrimSpace(e.Domain)),
		Text:   strings.Join(strings.Fields(e.Text), " "),
	}
	var v cdop.ValidationErrors
	switch {
	case n.Domain == "":
		v = append(v, cdop.FieldError{Field: "domain", Message: "is required; use one of: " + strings.Join(cdop.Domains.Codes(), ", ")})
	case !cdop.Domains.Has(n.Domain):
		v = append(v, cdop.FieldError{Field: "domain", Message: fmt.Sprintf("%q is not a domain; use one of: %s", e.Domain, strings.Join(cdop.Domains.Codes(), ", "))})
	}
	switch {
	case n.Text == "":
		v = append(v, cdop.FieldError{Field: "text", Message: "is required"})
	case strings.Contains(n.Text, "|"):
		v = append(v, cdop.FieldError{Field: "text", Message: fmt.Sprintf("%q holds \"|\", which separates a domain's factors", n.Text)})
	}
	if n.Code != "" {
		letter := strings.ToUpper(n.Domain)
		switch {
		case !catalogueCodePattern.MatchString(n.Code):
			v = append(v, cdop.FieldError{Field: "code", Message: fmt.Sprintf("%q is not a code: use a letter and up to 11 letters or digits, e.g. %sL01", e.Code, letter)})
		case n.Domain != "" && !strings.HasPrefix(n.Code, letter):
			v = append(v, cdop.FieldError{Field: "code", Message: fmt.Sprintf("%s does not start with %s, the letter of its domain", n.Code, letter)})
		}
	}
	if len(v) > 0 {
		return nil, v
	}

	domain, err := findCatalogue(ctx, tx, "WHERE domain = ? ORDER BY code", n.Domain)
	if err != nil {
		return nil, err
	}
	for _, f := range domain {
		if strings.EqualFold(f.Text, n.Text) {
			return nil, cdop.Errorf(cdop.ECONFLICT, "domain %s already has the factor %q (%s)", strings.ToUpper(n.Domain), f.Text, f.Code)
		}
	}
	if n.Code == "" {
		n.Code = nextLocalCode(n.Domain, domain)
	} else if same, err := findCatalogue(ctx, tx, "WHERE code = ?", n.Code); err != nil {
		return nil, err
	} else if len(same) > 0 {
		return nil, cdop.Errorf(cdop.ECONFLICT, "code %s is already used for %q", same[0].Code, same[0].Text)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO factor_catalogue (code, domain, text) VALUES (?, ?, ?)", n.Code, n.Domain, n.Text); err != nil {
		return nil, fmt.Errorf("add factor %s to the catalogue: %w", n.Code, err)
	}
	changes := []cdop.FieldChange{{Field: "code", New: n.Code}, {Field: "domain", New: n.Domain}, {Field: "text", New: n.Text}}
	if err := insertAudit(ctx, tx, "", catalogueAction, changes); err != nil {
		return nil, err
	}
	return &n, nil
}

// nextLocalCode returns the local code after the highest of a domain's
// factors, e.g. "BL03" after "BL02", or its first, "BL01".
func nextLocalCode(domain string, factors []cdop.FactorCatalogueEntry) string {
	prefix := strings.ToUpper(domain) + localCodeMark
	highest := 0
	for _, f := range factors {
		digits, ok := strings.CutPrefix(strings.ToUpper(f.Code), prefix)
		if !ok || digits == "" || !allDigits(digits) {
			continue
		}
		if n, err := strconv.Atoi(digits); err == nil {
			highest = max(highest, n)
		}
	}
	return fmt.Sprintf("%s%02d", prefix, highest+1)
}

// findCatalogue returns the catalogue's factors selected by the rest of a query.
func findCatalogue(ctx context.Context, tx *tx, rest string, args ...any) ([]cdop.FactorCatalogueEntry, error) {
	var out []cdop.FactorCatalogueEntry
	err := queryRows(ctx, tx, "SELECT code, domain, text FROM factor_catalogue "+rest, args, func(rows *sql.Rows) error {
		var e cdop.FactorCatalogueEntry
		if err := rows.Scan(&e.Code, &e.Domain, &e.Text); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}
