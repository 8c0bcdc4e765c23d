package cdop

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The rules of the panel's directories and settings: the agencies, the
// factor catalogue and the settings, as a store keeps them.

// PrepareAgency returns an agency as a store keeps it, or why it cannot
// be: valid, its name's spaces made single and its contact trimmed. The
// store refuses a name another agency has (AgencyNameInUse).
func PrepareAgency(a *Agency) (*Agency, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	n := *a
	n.Name, n.Contact = strings.Join(strings.Fields(a.Name), " "), strings.TrimSpace(a.Contact)
	return &n, nil
}

// AgencyNameInUse refuses (RuleNameInUse) a name another agency has.
func AgencyNameInUse(name string) error {
	return Refusef(RuleNameInUse, "the directory already has an agency called %q", name)
}

// The factor catalogue starts as DefaultFactorCatalogue. A factor the panel
// adds without a code gets the next local code of its domain: the domain's
// letter, "L", and a number from 01 ("BL01", "BL02"...). Local codes never
// take a code of the form a later national catalogue would use ("B11"), and
// an extract shows which factors are the panel's own. They sort after the
// domain's national codes.

// LocalCodeMark follows the domain's letter in the codes of the panel's own factors.
const LocalCodeMark = "L"

// catalogueCodePattern is the form of a factor's code: a letter and up to 11
// letters or digits, upper case.
var catalogueCodePattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{0,11}$`)

// PrepareCatalogueFactor returns a factor to add to the catalogue as a
// store keeps it, or why it cannot be: the domain (a Domains code, in
// either case) and the text are required; the text may not hold "|", which
// separates a domain's factors; a code, when given, must start with the
// domain's letter and be letters and digits (it is kept upper case). The
// store then asks CheckCatalogueFactor.
func PrepareCatalogueFactor(e *FactorCatalogueEntry) (*FactorCatalogueEntry, error) {
	n := FactorCatalogueEntry{
		Code:   strings.ToUpper(strings.TrimSpace(e.Code)),
		Domain: strings.ToLower(strings.TrimSpace(e.Domain)),
		Text:   strings.Join(strings.Fields(e.Text), " "),
	}
	var v ValidationErrors
	switch {
	case n.Domain == "":
		v.rule("domain", RuleRequired, "is required; use one of: %s", strings.Join(Domains.Codes(), ", "))
	case !Domains.Has(n.Domain):
		v.rule("domain", RuleNotAllowed, "%q is not a domain; use one of: %s", e.Domain, strings.Join(Domains.Codes(), ", ")).about(e.Domain)
	}
	switch {
	case n.Text == "":
		v.rule("text", RuleRequired, "is required")
	case strings.Contains(n.Text, "|"):
		v.rule("text", RuleSeparator, "%q holds \"|\", which separates a domain's factors", n.Text).about(n.Text)
	}
	if n.Code != "" {
		letter := strings.ToUpper(n.Domain)
		switch {
		case !catalogueCodePattern.MatchString(n.Code):
			v.rule("code", RuleForm, "%q is not a code: use a letter and up to 11 letters or digits, e.g. %sL01", e.Code, letter).about(e.Code)
		case n.Domain != "" && !strings.HasPrefix(n.Code, letter):
			v.rule("code", RuleDisagrees, "%s does not start with %s, the letter of its domain", n.Code, letter).about(n.Code, "domain")
		}
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	return &n, nil
}

// CheckCatalogueFactor says whether a prepared factor n may join the
// catalogue, whose factors of n's domain are domain and whose factor with
// n's code, if any, is sameCode: a domain lists a factor once, ignoring
// case, and a code names one factor (RuleNameInUse). A blank code is given
// the domain's next local code (NextLocalCode).
func CheckCatalogueFactor(n *FactorCatalogueEntry, domain []FactorCatalogueEntry, sameCode *FactorCatalogueEntry) error {
	for _, f := range domain {
		if strings.EqualFold(f.Text, n.Text) {
			return Refusef(RuleNameInUse, "domain %s already has the factor %q (%s)", strings.ToUpper(n.Domain), f.Text, f.Code)
		}
	}
	if n.Code == "" {
		n.Code = NextLocalCode(n.Domain, domain)
	} else if sameCode != nil {
		return Refusef(RuleNameInUse, "code %s is already used for %q", sameCode.Code, sameCode.Text)
	}
	return nil
}

// NextLocalCode returns the local code after the highest of a domain's
// factors, e.g. "BL03" after "BL02", or its first, "BL01".
func NextLocalCode(domain string, factors []FactorCatalogueEntry) string {
	prefix := strings.ToUpper(domain) + LocalCodeMark
	highest := 0
	for _, f := range factors {
		digits, ok := strings.CutPrefix(strings.ToUpper(f.Code), prefix)
		if !ok || !allDigits(digits) {
			continue
		}
		if n, err := strconv.Atoi(digits); err == nil {
			highest = max(highest, n)
		}
	}
	return fmt.Sprintf("%s%02d", prefix, highest+1)
}

// SettingNumber is one of the settings of whole numbers, as stored and
// audited: its key, its unit and where it is in Settings.
type SettingNumber struct {
	Key   string
	Unit  string
	Field func(*Settings) *int
}

// SettingNumbers lists the settings of whole numbers, in audit order.
var SettingNumbers = []SettingNumber{
	{"notification_days", "days", func(s *Settings) *int { return &s.NotificationDays }},
	{"key_worker_contact_days", "days", func(s *Settings) *int { return &s.KeyWorkerContactDays }},
	{"agency_report_days", "days", func(s *Settings) *int { return &s.AgencyReportDays }},
	{"cdrm_months", "months", func(s *Settings) *int { return &s.CDRMMonths }},
	{"cdop_review_months", "months", func(s *Settings) *int { return &s.CDOPReviewMonths }},
	{"lac_notification_working_days", "working days", func(s *Settings) *int { return &s.LACNotificationWorkingDays }},
	{"due_soon_days", "days", func(s *Settings) *int { return &s.DueSoonDays }},
	{"disclosure_threshold", "counts", func(s *Settings) *int { return &s.DisclosureThreshold }},
	{"disclosure_rounding", "counts", func(s *Settings) *int { return &s.DisclosureRounding }},
	{"lockout_failures", "wrong passwords", func(s *Settings) *int { return &s.LockoutFailures }},
	{"lockout_minutes", "minutes", func(s *Settings) *int { return &s.LockoutMinutes }},
	{"idle_lock_minutes", "minutes", func(s *Settings) *int { return &s.IdleLockMinutes }},
	{"free_text_limit", "characters", func(s *Settings) *int { return &s.FreeTextLimit }},
}

// ExtraHolidaysKey names the extra holidays among the settings.
const ExtraHolidaysKey = "extra_holidays"

// PrepareSettings returns the panel's settings as a store keeps them, or
// why they cannot be: a zero target means its default; a negative one, or
// a blank extra holiday, is refused; extra holidays are kept in date
// order, each once (none is nil); texts are trimmed.
func PrepareSettings(s Settings) (Settings, error) {
	var v ValidationErrors
	for _, k := range SettingNumbers {
		if n := *k.Field(&s); n < 0 {
			v.rule(k.Key, RuleRange, "%d is not allowed; use a whole number of %s, 1 or more", n, k.Unit).about(strconv.Itoa(n), "1", "")
		}
	}
	if n := s.FreeTextLimit; n > MaxFreeTextLength || (n > 0 && n < MinFreeTextLimit) {
		v.rule("free_text_limit", RuleRange, "%d is not allowed; a panel may lower the longest free text from %d to no fewer than %d characters", n, MaxFreeTextLength, MinFreeTextLimit).
			about(strconv.Itoa(n), strconv.Itoa(MinFreeTextLimit), strconv.Itoa(MaxFreeTextLength))
	}
	var holidays []Date
	for _, d := range s.ExtraHolidays {
		switch {
		case d.IsZero():
			v.rule(ExtraHolidaysKey, RuleRequired, "a holiday has no date")
		case !slices.Contains(holidays, d):
			holidays = append(holidays, d)
		}
	}
	if err := v.err(); err != nil {
		return Settings{}, err
	}
	slices.SortFunc(holidays, func(a, b Date) int { return a.Time().Compare(b.Time()) })
	s.DisclosureMarker, s.Footprint = strings.TrimSpace(s.DisclosureMarker), strings.TrimSpace(s.Footprint)
	s = s.WithDefaults()
	s.ExtraHolidays = holidays
	return s, nil
}
