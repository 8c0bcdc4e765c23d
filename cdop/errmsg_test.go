package cdop_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestErrorMessage(t *testing.T) {
	leaky := fmt.Errorf("insert case of Ayla Thornbury (9990000018): %w", errors.New("UNIQUE constraint failed"))
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"refusal as it is", cdop.Refusef(cdop.RuleClosedReadOnly, "case CDOP-2025-0001 is closed"), "case CDOP-2025-0001 is closed"},
		{"wrapped refusal: the domain's message, not the wrapper's", fmt.Errorf("saving: %w", cdop.Errorf(cdop.ECONFLICT, "duplicate")), "duplicate"},
		{"validation: every problem", cdop.ValidationErrors{{Field: "sex", Message: "is required"}, {Field: "postcode", Message: "bad shape"}}, "sex: is required\npostcode: bad shape"},
		{"row errors", cdop.RowErrors{{Row: 1, Field: "sex", Message: "is required"}}, "row 2: sex: is required"},
		{"internal with an operation", cdop.WithOp("loading the deadlines", leaky), "Something went wrong while loading the deadlines; the details are in the log."},
		{"internal, the outermost operation", cdop.WithOp("saving the case", fmt.Errorf("x: %w", cdop.WithOp("writing a row", leaky))), "Something went wrong while saving the case; the details are in the log."},
		{"internal without one", leaky, "Something went wrong; the details are in the log."},
	}
	for _, tt := range tests {
		if got := cdop.ErrorMessage(tt.err); got != tt.want {
			t.Errorf("%s: ErrorMessage = %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestLogDetailNamesKindsNeverData(t *testing.T) {
	identifiers := []string{"Ayla", "Thornbury", "9990000018", "LS6 2QR", "CDOP-2025-0001"}
	leaky := fmt.Errorf("insert case of Ayla Thornbury (9990000018, LS6 2QR): %w", errors.New("UNIQUE constraint failed"))
	tests := []struct {
		name string
		err  error
		want []string // parts that must be there
	}{
		{"nil", nil, nil},
		{"internal with an operation", cdop.WithOp("loading the deadlines", leaky), []string{`op="loading the deadlines"`, "type=*errors.errorString"}},
		{"refusal: its code and rule", fmt.Errorf("CDOP-2025-0001: %w", cdop.Refusef(cdop.RuleClosedReadOnly, "case CDOP-2025-0001 of Ayla Thornbury is closed")), []string{"code=conflict", "rule=closed_read_only"}},
		{"validation: the fields", cdop.ValidationErrors{{Field: "first_name", Message: `"Ayla" is not a name`}}, []string{"code=invalid", "field=first_name"}},
		{"a missing file", cdop.WithOp("opening the database", &fs.PathError{Op: "open", Path: "/home/x/Ayla Thornbury.db", Err: fs.ErrNotExist}), []string{"kind=not_exist", `op="opening the database"`}},
		{"a cancelled load", fmt.Errorf("Thornbury: %w", context.Canceled), []string{"kind=canceled"}},
	}
	for _, tt := range tests {
		got := cdop.LogDetail(tt.err)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: LogDetail = %q; want it to hold %q", tt.name, got, w)
			}
		}
		for _, id := range identifiers {
			if strings.Contains(got, id) {
				t.Errorf("%s: LogDetail = %q quotes %q", tt.name, got, id)
			}
		}
		if tt.err == nil && got != "" {
			t.Errorf("nil: LogDetail = %q", got)
		}
	}
}

func TestRefusalsCarryTheirRuleAndCode(t *testing.T) {
	tests := []struct {
		rule cdop.Rule
		code string
	}{
		{cdop.RuleClosedReadOnly, cdop.ECONFLICT},
		{cdop.RuleStageNeeds, cdop.EINVALID},
		{cdop.RuleAnalysisIncomplete, cdop.EINVALID},
		{cdop.RulePauseOverlap, cdop.ECONFLICT},
		{cdop.RuleDuplicate, cdop.ECONFLICT},
	}
	for _, tt := range tests {
		err := fmt.Errorf("wrapped: %w", cdop.Refusef(tt.rule, "refused %d", 1))
		if got := cdop.ErrorRule(err); got != tt.rule {
			t.Errorf("ErrorRule = %q; want %q", got, tt.rule)
		}
		if got := cdop.ErrorCode(err); got != tt.code {
			t.Errorf("%s: ErrorCode = %q; want %q", tt.rule, got, tt.code)
		}
		if got := cdop.ErrorMessage(err); got != "refused 1" {
			t.Errorf("%s: ErrorMessage = %q", tt.rule, got)
		}
	}
	if got := cdop.ErrorRule(errors.New("disk full")); got != "" {
		t.Errorf("ErrorRule of an internal error = %q", got)
	}
	if got := cdop.ErrorRule(cdop.Errorf(cdop.ENOTFOUND, "no case")); got != "" {
		t.Errorf("ErrorRule of a plain coded error = %q", got)
	}
}
