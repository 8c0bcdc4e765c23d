package cdop_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestErrorCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"not found", cdop.Errorf(cdop.ENOTFOUND, "no case %s", "CDOP-1"), cdop.ENOTFOUND},
		{"wrapped conflict", fmt.Errorf("saving: %w", cdop.Errorf(cdop.ECONFLICT, "duplicate")), cdop.ECONFLICT},
		{"validation", cdop.ValidationErrors{{Field: "sex", Message: "is required"}}, cdop.EINVALID},
		{"wrapped validation", fmt.Errorf("row 2: %w", cdop.ValidationErrors{{Field: "sex", Message: "is required"}}), cdop.EINVALID},
		{"row errors", cdop.RowErrors{{Row: 0, Field: "nhs_number", Message: "duplicate"}}, cdop.EINVALID},
		{"validate result", (&cdop.Case{}).ValidateOn(today), cdop.EINVALID},
		{"anything else", errors.New("disk full"), cdop.EINTERNAL},
	}
	for _, tt := range tests {
		if got := cdop.ErrorCode(tt.err); got != tt.want {
			t.Errorf("%s: ErrorCode = %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	e := cdop.Errorf(cdop.ENOTFOUND, "no case %s", "CDOP-2025-0001")
	if e.Error() != "no case CDOP-2025-0001" || e.Code != cdop.ENOTFOUND {
		t.Errorf("Errorf = %+v", e)
	}
	v := cdop.ValidationErrors{
		{Field: "sex", Message: "is required"},
		{Field: "postcode", Message: "bad shape"},
		{Field: "sex", Message: "second problem"},
	}
	if got, want := v.Error(), "sex: is required\npostcode: bad shape\nsex: second problem"; got != want {
		t.Errorf("ValidationErrors.Error() = %q; want %q", got, want)
	}
	if got := v.For("sex"); got != "is required; second problem" {
		t.Errorf("For(sex) = %q", got)
	}
	if got := v.For("ethnicity"); got != "" {
		t.Errorf("For(ethnicity) = %q; want \"\"", got)
	}
	r := cdop.RowErrors{{Row: 0, Field: "nhs_number", Message: "duplicate"}, {Row: 4, Field: "sex", Message: "is required"}}
	if got, want := r.Error(), "row 1: nhs_number: duplicate\nrow 5: sex: is required"; got != want {
		t.Errorf("RowErrors.Error() = %q; want %q", got, want)
	}
}

func TestValidateReturnsNilOrValidationErrors(t *testing.T) {
	if err := baseCase(t).ValidateOn(today); err != nil {
		t.Fatalf("valid case: %v", err)
	}
	c := baseCase(t)
	c.Sex = ""
	err := c.ValidateOn(today)
	v, ok := cdop.AsValidationErrors(fmt.Errorf("wrapped: %w", err))
	if !ok || len(v) != 1 || v[0].Field != "sex" {
		t.Fatalf("AsValidationErrors = %v, %v", v, ok)
	}
	if !strings.HasPrefix(err.Error(), "sex: is required") {
		t.Errorf("Error() = %q", err)
	}
	if _, ok := cdop.AsValidationErrors(errors.New("other")); ok {
		t.Error("AsValidationErrors found ValidationErrors in a plain error")
	}
}
