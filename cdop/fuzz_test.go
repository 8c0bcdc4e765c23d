package cdop_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"casemanager/cdop"
)

// The fuzz targets' seed corpora are in testdata/fuzz; `go test` runs them
// as tests, and CI fuzzes each for a few seconds (.ci/fuzz).

func FuzzNHSNumber(f *testing.F) {
	for _, s := range []string{"9990000018", "999 000 0018", "999-000-0018", "9990000019", "", "99900000１８", "999\u00a0000\u20090018"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := cdop.NormaliseNHSNumber(s)
		if again := cdop.NormaliseNHSNumber(n); again != n {
			t.Fatalf("NormaliseNHSNumber is not idempotent: %q → %q → %q", s, n, again)
		}
		if err := cdop.CheckNHSNumber(n); err != nil {
			return
		}
		// A valid number is ten ASCII digits, whose last is the check digit
		// of the nine before, and reads back from its 3-3-4 form.
		if len(n) != 10 || strings.Trim(n, "0123456789") != "" {
			t.Fatalf("%q passed as an NHS number", n)
		}
		if d, ok := cdop.NHSCheckDigit(n[:9]); !ok || byte('0'+d) != n[9] {
			t.Fatalf("%q passed, but the check digit of %q is %d (%v)", n, n[:9], d, ok)
		}
		formatted := cdop.FormatNHSNumber(n)
		if len(formatted) != 12 || cdop.NormaliseNHSNumber(formatted) != n {
			t.Fatalf("%q formatted as %q does not read back", n, formatted)
		}
	})
}

func FuzzPostcode(f *testing.F) {
	for _, s := range []string{"LS6 2QR", "ls62qr", " ls6  2qr ", "GIR 0AA", "EC1A 1BB", "XX1", "", "ÅB1 2CD", "W1A0AX"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // text reaches the app as UTF-8 (an import refuses other bytes)
		}
		p := cdop.NormalisePostcode(s)
		if again := cdop.NormalisePostcode(p); again != p {
			t.Fatalf("NormalisePostcode is not idempotent: %q → %q → %q", s, p, again)
		}
		if cdop.CheckPostcode(p) != nil {
			return
		}
		// A valid postcode is upper-case ASCII with one space before the
		// last three characters, however it was typed.
		if strings.Count(p, " ") != 1 || p[len(p)-4] != ' ' || strings.ToUpper(p) != p || len(p) > 8 {
			t.Fatalf("%q passed as a postcode", p)
		}
		for _, typed := range []string{strings.ToLower(p), strings.ReplaceAll(p, " ", ""), " " + p + " "} {
			if got := cdop.NormalisePostcode(typed); got != p {
				t.Fatalf("%q typed as %q normalises to %q", p, typed, got)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-01-19", "2024-02-29", "2025-02-29", "2025-1-9", "19/01/2025", "", "0000-01-01", "9999-12-31", "2025-01-19T00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := cdop.ParseDate(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), cdop.Quote(s)) || len(err.Error()) > 800 {
				t.Fatalf("ParseDate(%q) error %q does not name the value, cut short", s, err)
			}
			return
		}
		// A date read back is the text it was read from, and the day time
		// reads it as.
		if s == "" {
			if !d.IsZero() {
				t.Fatalf("ParseDate(\"\") = %v, want the zero date", d)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %q", s, d.String())
		}
		if tm, err := time.Parse(time.DateOnly, s); err != nil || !tm.Equal(d.Time()) {
			t.Fatalf("ParseDate(%q) = %v; time.Parse says %v, %v", s, d.Time(), tm, err)
		}
	})
}

func FuzzTimeOfDeath(f *testing.F) {
	for _, s := range []string{"04:12", "23:59", "24:00", "9:05", "12:60", "", " 07:30 ", "07:30:00", "０７:３０"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := cdop.NewCase()
		if err := c.Set("time_of_death", s); err != nil {
			t.Fatalf("Set(time_of_death, %q): %v", s, err)
		}
		rejected := false
		if err := c.ValidateOn(cdop.MustParseDate("2025-06-01")); err != nil {
			v, _ := cdop.AsValidationErrors(err)
			rejected = slices.ContainsFunc(v, func(fe cdop.FieldError) bool { return fe.Field == "time_of_death" })
		}
		if rejected || c.TimeOfDeath == "" {
			return
		}
		// An accepted time is a 24-hour HH:MM that time reads the same way.
		tm, err := time.Parse("15:04", c.TimeOfDeath)
		if err != nil || tm.Format("15:04") != c.TimeOfDeath {
			t.Fatalf("time of death %q accepted; time.Parse says %v, %v", c.TimeOfDeath, tm.Format("15:04"), err)
		}
	})
}

func FuzzIdentifierScrubber(f *testing.F) {
	f.Add("Zoë", "Ó Súilleabháin", "9990000018", "LS6 2QR", "Zoe O'Suilleabhain (999 000 0018) of ls6 2qr died on 2025-01-19.")
	f.Add("Łukasz", "Nowak", "", "", "ŁUKASZ was seen by Nowakowski; Nowak-Smith called.")
	f.Add("Al", "Li", "", "", "Alice and Li-Ann; al li")
	f.Add("Ada", "Withheld", "", "", "[withheld] withheld")
	f.Fuzz(func(t *testing.T, first, last, nhs, postcode, text string) {
		c := cdop.NewCase()
		c.FirstName, c.LastName = first, last
		c.NHSNumber = strings.Map(func(r rune) rune { // digits, as validation leaves it
			if r < '0' || r > '9' {
				return -1
			}
			return r
		}, nhs)
		if p := cdop.NormalisePostcode(postcode); cdop.CheckPostcode(p) == nil {
			c.Postcode = p
		}
		c.DateOfBirth, c.DateOfDeath = cdop.MustParseDate("2024-11-02"), cdop.MustParseDate("2025-01-19")
		scrub := cdop.IdentifierScrubber(c)
		out := scrub(text) // must not panic, whatever the text
		if strings.TrimSpace(text) == "" && out != text {
			t.Fatalf("blank text %q scrubbed to %q", text, out)
		}
		// A valid name written on its own, or in a sentence, is withheld.
		if cdop.CheckPersonName(first) == nil && strings.TrimSpace(first) == first && utf8.ValidString(first) {
			// Apostrophes or hyphens around the name ("'A") are
			// punctuation of the text and stay; the name between goes.
			core := strings.Trim(first, "'-\u2019\u2010")
			lead := first[:strings.Index(first, core)]
			withheld := lead + cdop.Withheld + first[len(lead)+len(core):]
			if got := scrub(first); got != withheld {
				t.Fatalf("scrub(%q) = %q, want %q", first, got, withheld)
			}
			if got, want := scrub("("+first+")"), "("+withheld+")"; got != want {
				t.Fatalf("scrub(%q) = %q, want %q", "("+first+")", got, want)
			}
		}
		// Text of no letters or digits holds no identifier to withhold
		// (names are letters, when valid).
		validNames := (first == "" || cdop.CheckPersonName(first) == nil) && (last == "" || cdop.CheckPersonName(last) == nil)
		if validNames && !strings.ContainsFunc(text, func(r rune) bool {
			return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0x80
		}) && out != text {
			t.Fatalf("scrub(%q) = %q; nothing there to withhold", text, out)
		}
	})
}

func FuzzQuorumWarnings(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3}, []byte{0, 1, 2, 3, 4, 0xff})
	f.Add([]byte{}, []byte{5, 6})
	f.Add([]byte{7, 7, 7}, []byte{})
	types := cdop.AgencyTypes.Codes()
	typeOf := func(b byte) string {
		if int(b) < len(types) {
			return types[b]
		}
		return "unknown"
	}
	f.Fuzz(func(t *testing.T, present, groups []byte) {
		// groups: a type per byte; 0xff ends a group.
		var required [][]string
		group := []string{}
		for _, b := range groups {
			if b == 0xff {
				required, group = append(required, group), []string{}
				continue
			}
			group = append(group, typeOf(b%16))
		}
		required = append(required, group)
		m := &cdop.Meeting{}
		for _, b := range present {
			m.Attendees = append(m.Attendees, cdop.Attendee{Name: "A", AgencyType: typeOf(b % 16)})
		}
		warnings := cdop.QuorumWarnings(m, required)
		missing := 0
		for _, g := range required {
			if !slices.ContainsFunc(m.Attendees, func(a cdop.Attendee) bool { return slices.Contains(g, a.AgencyType) }) {
				missing++
			}
		}
		if len(warnings) != missing {
			t.Fatalf("%d warnings %q for %d groups nobody speaks for", len(warnings), warnings, missing)
		}
		// Someone more at the meeting never makes it less quorate.
		for _, extra := range types {
			more := &cdop.Meeting{Attendees: append(slices.Clone(m.Attendees), cdop.Attendee{Name: "B", AgencyType: extra})}
			after := cdop.QuorumWarnings(more, required)
			for _, w := range after {
				if !slices.Contains(warnings, w) {
					t.Fatalf("adding someone from %s gave the new warning %q", extra, w)
				}
			}
		}
	})
}
