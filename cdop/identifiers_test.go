package cdop_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"casemanager/cdop"
)

// modulus11 is the NHS number check written out independently of the
// package: digits 1-9 weighted 10..2, check = 11 - sum mod 11, 11 -> 0, 10 -> none.
func modulus11(first9 string) (int, bool) {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(first9[i]-'0') * (10 - i)
	}
	switch check := 11 - sum%11; check {
	case 11:
		return 0, true
	case 10:
		return 0, false
	default:
		return check, true
	}
}

func TestNHSCheckDigitKnownNumbers(t *testing.T) {
	tests := []struct {
		first9 string
		digit  int
		ok     bool
	}{
		{"999000001", 8, true},  // 999 000 0018, the spec's example
		{"999000002", 6, true},  // 999 000 0026, the spec's example
		{"999000005", 0, true},  // 11 - 0 = 11 gives check digit 0
		{"999999999", 9, true},  // top of the synthetic range
		{"999000000", 0, false}, // 11 - 1 = 10: no valid number starts so
		{"999123456", 0, false}, // check digit 10 too
		{"99900000", 0, false},  // eight digits
		{"9990000011", 0, false},
		{"99900000A", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.first9, func(t *testing.T) {
			digit, ok := cdop.NHSCheckDigit(tt.first9)
			if ok != tt.ok || (ok && digit != tt.digit) {
				t.Errorf("NHSCheckDigit(%q) = %d, %v; want %d, %v", tt.first9, digit, ok, tt.digit, tt.ok)
			}
		})
	}
}

// Every number in a slice of the 999 range is accepted exactly when its last
// digit is the Modulus 11 check digit of the first nine.
func TestCheckNHSNumberAgreesWithModulus11(t *testing.T) {
	for n := 999000000; n < 999000400; n++ {
		first9 := strconv.Itoa(n)
		want, ok := modulus11(first9)
		got, gotOK := cdop.NHSCheckDigit(first9)
		if gotOK != ok || got != want {
			t.Fatalf("NHSCheckDigit(%s) = %d, %v; want %d, %v", first9, got, gotOK, want, ok)
		}
		for last := 0; last <= 9; last++ {
			number := fmt.Sprintf("%s%d", first9, last)
			err := cdop.CheckNHSNumber(number)
			if valid := ok && last == want; valid != (err == nil) {
				t.Fatalf("CheckNHSNumber(%s) = %v; want valid = %v", number, err, valid)
			}
		}
	}
}

func TestCheckNHSNumber(t *testing.T) {
	valid := nhsNumber(t, "999000001")
	last := int(valid[9] - '0')
	wrongCheck := valid[:9] + strconv.Itoa((last+1)%10)
	tests := []struct {
		name   string
		number string
		says   []string // nil: valid
	}{
		{"valid", valid, nil},
		{"valid with check digit 0", nhsNumber(t, "999000005"), nil},
		{"valid top of range", nhsNumber(t, "999999999"), nil},
		{"wrong check digit", wrongCheck, []string{"check digit", "Modulus 11", cdop.FormatNHSNumber(wrongCheck)}},
		{"two digits swapped", valid[:7] + valid[8:9] + valid[7:8] + valid[9:], []string{"check digit"}},
		{"letter", "99900000A8", []string{"99900000A8", "only digits"}},
		{"letter O for zero", "999O000018", []string{"only digits"}},
		{"punctuation", "999.000.00", []string{"only digits"}},
		{"nine digits", "999000001", []string{"999000001", "exactly 10 digits"}},
		{"eleven digits", valid + "1", []string{"exactly 10 digits"}},
		{"empty", "", []string{"exactly 10 digits"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := cdop.CheckNHSNumber(tt.number)
			if tt.says == nil {
				if err != nil {
					t.Fatalf("CheckNHSNumber(%q) = %v; want nil", tt.number, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckNHSNumber(%q) = nil; want an error", tt.number)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q does not say %q", err, s)
				}
			}
		})
	}
}

// A check digit of 10 means no valid number starts with those nine digits:
// whatever the tenth digit is, the number is refused.
func TestCheckNHSNumberCheckDigitTen(t *testing.T) {
	for _, first9 := range []string{"999000000", "999123456"} {
		if _, ok := modulus11(first9); ok {
			t.Fatalf("test data: %s has a valid check digit", first9)
		}
		for last := 0; last <= 9; last++ {
			number := fmt.Sprintf("%s%d", first9, last)
			if err := cdop.CheckNHSNumber(number); err == nil {
				t.Errorf("CheckNHSNumber(%s) = nil; want the check digit error", number)
			} else if !strings.Contains(err.Error(), "check digit") {
				t.Errorf("CheckNHSNumber(%s) = %q; want it to name the check digit", number, err)
			}
		}
	}
}

func TestNormaliseNHSNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"9990000018", "9990000018"},
		{"999 000 0018", "9990000018"},
		{"999-000-0018", "9990000018"},
		{"999\u00a0000\u00a00018", "9990000018"},
		{"  999 000 0018  ", "9990000018"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := cdop.NormaliseNHSNumber(tt.in); got != tt.want {
			t.Errorf("NormaliseNHSNumber(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatNHSNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"9990000018", "999 000 0018"},
		{"999000001", "999000001"}, // not ten digits: shown as it is
		{"", ""},
	}
	for _, tt := range tests {
		if got := cdop.FormatNHSNumber(tt.in); got != tt.want {
			t.Errorf("FormatNHSNumber(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// NHS numbers typed with spaces, hyphens or surrounding blanks pass through
// Set and Validate; malformed ones are reported on nhs_number.
func TestValidateNHSNumber(t *testing.T) {
	valid := nhsNumber(t, "999000002")
	spaced := cdop.FormatNHSNumber(valid)
	wrong := valid[:9] + strconv.Itoa((int(valid[9]-'0')+3)%10)
	tests := []struct {
		name  string
		typed string
		says  []string // nil: valid
	}{
		{"digits only", valid, nil},
		{"3-3-4 with spaces", spaced, nil},
		{"hyphens", strings.ReplaceAll(spaced, " ", "-"), nil},
		{"irregular spaces", " " + valid[:2] + " " + valid[2:5] + "  " + valid[5:] + " ", nil},
		{"wrong check digit", wrong, []string{"check digit"}},
		{"check digit 10", "9990000000", []string{"check digit"}},
		{"letters", "999 000 00AB", []string{"only digits"}},
		{"too short", "999 000 001", []string{"10 digits"}},
		{"too long", spaced + "7", []string{"10 digits"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseCase(t)
			mustSet(t, c, "nhs_number", tt.typed)
			if tt.says == nil {
				if c.NHSNumber != valid {
					t.Errorf("stored NHS number %q; want %q", c.NHSNumber, valid)
				}
				checkValid(t, c.ValidateOn(today))
				return
			}
			checkErrors(t, c.ValidateOn(today), want{"nhs_number", tt.says})
		})
	}
}

func TestValidateNHSNumberStatus(t *testing.T) {
	tests := []struct {
		name   string
		number bool // an NHS number is recorded
		status string
		wants  []want
	}{
		{"number, no status", true, "", nil},
		{"no number, not available", false, "not_available", nil},
		{"no number, non-resident", false, "non_resident", nil},
		{"neither", false, "", []want{{"nhs_number_status", []string{"required when there is no NHS number", "not_available, non_resident"}}}},
		{"number and a status", true, "not_available", []want{{"nhs_number_status", []string{"must be blank when an NHS number is recorded"}}}},
		{"number and non-resident", true, "non_resident", []want{{"nhs_number_status", []string{"must be blank"}}}},
		{"wrong word", false, "Not available", []want{{"nhs_number_status", []string{`"Not available"`, "not_available, non_resident"}}}},
		{"label instead of word", false, "Non-resident in England", []want{{"nhs_number_status", []string{"not_available, non_resident"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseCase(t)
			if !tt.number {
				c.NHSNumber = ""
			}
			mustSet(t, c, "nhs_number_status", tt.status)
			checkErrors(t, c.ValidateOn(today), tt.wants...)
		})
	}
}

func TestNormalisePostcode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ls62qr", "LS6 2QR"},
		{"LS6 2QR", "LS6 2QR"},
		{"  sw1a   1aa", "SW1A 1AA"},
		{"sw1a1aa  ", "SW1A 1AA"},
		{"m11ae", "M1 1AE"},
		{"Ec1A 1bB", "EC1A 1BB"},
		{"d n 5 5 1 p t", "DN55 1PT"},
		{"\tbd3\u00a09le", "BD3 9LE"},
		{"ls6", "LS6"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := cdop.NormalisePostcode(tt.in); got != tt.want {
			t.Errorf("NormalisePostcode(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// Normalising never splits a character in two, even for text that is no
// postcode at all, so the error message can quote it.
func TestNormalisePostcodeKeepsUTF8(t *testing.T) {
	for _, in := range []string{"ls6 2éé", "Łódź 1ąę", "ab1 2çß"} {
		got := cdop.NormalisePostcode(in)
		if !utf8.ValidString(got) {
			t.Errorf("NormalisePostcode(%q) = %q, not valid UTF-8", in, got)
		}
		if err := cdop.CheckPostcode(got); err == nil {
			t.Errorf("CheckPostcode(%q) = nil; want an error", got)
		}
	}
}

func TestCheckPostcode(t *testing.T) {
	good := []string{
		"LS1 4AP", "LS6 2QR", "BD3 9LE", "SW1A 1AA", "EC1A 1BB", "W1A 0AX",
		"M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA", "NW10 5NQ",
	}
	for _, p := range good {
		if err := cdop.CheckPostcode(p); err != nil {
			t.Errorf("CheckPostcode(%q) = %v; want nil", p, err)
		}
	}
	bad := []string{
		"LS6",       // outward code only
		"12 345",    // "12345" normalised
		"QQ1 1AA",   // Q never starts a postcode
		"VA1 1AA",   // nor V
		"XA1 1AA",   // nor X
		"LS6 2QRR",  // inward code too long
		"LS6 CQR",   // inward code must start with a digit
		"LS6 2CI",   // C and I never end a postcode
		"ls6 2qr",   // not normalised
		"LS62QR",    // no space
		"LS6  2QR",  // two spaces
		"LS123 4AB", // outward code too long
		"",
	}
	for _, p := range bad {
		err := cdop.CheckPostcode(p)
		if err == nil {
			t.Errorf("CheckPostcode(%q) = nil; want an error", p)
			continue
		}
		if !strings.Contains(err.Error(), "not a UK postcode") || !strings.Contains(err.Error(), fmt.Sprintf("%q", p)) {
			t.Errorf("CheckPostcode(%q) = %q; want it to quote the value and say it is not a UK postcode", p, err)
		}
	}
}

// Postcodes typed in any case and spacing pass through Set and Validate and
// are stored normalised; bad shapes are reported on postcode.
func TestValidatePostcode(t *testing.T) {
	tests := []struct {
		typed, stored string
		ok            bool
	}{
		{"ls62qr", "LS6 2QR", true},
		{"  sw1a   1aa", "SW1A 1AA", true},
		{"BD3 9LE", "BD3 9LE", true},
		{"", "", true},
		{"LS6", "LS6", false},
		{"12345", "12 345", false},
		{"QQ1 1AA", "QQ1 1AA", false},
		{"ls6 2qrx", "LS62 QRX", false},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			c := baseCase(t)
			mustSet(t, c, "postcode", tt.typed)
			if c.Postcode != tt.stored {
				t.Errorf("stored postcode %q; want %q", c.Postcode, tt.stored)
			}
			if tt.ok {
				checkValid(t, c.ValidateOn(today))
			} else {
				checkErrors(t, c.ValidateOn(today), want{"postcode", []string{"not a UK postcode", tt.stored}})
			}
		})
	}
}

func TestCheckPersonName(t *testing.T) {
	good := []string{
		"Zoë",
		"Nguyễn",
		"Łukasz",
		"Ó Súilleabháin",
		"O'Neill",
		"O\u2019Neill", // curly apostrophe
		"Al-Amin",
		"Al\u2010Amin", // Unicode hyphen
		"Zoe\u0308",    // e + combining diaeresis
		"Nguye\u0302\u0303n",
		"Brennan-Kowalczyk",
		"Mary Jane",
		"Þórunn",
		"Αλέξης",
		"Дмитрий",
		"李",
		"محمد",
		"अनिल",  // Devanagari: vowel sign I is a spacing mark (Mc)
		"கவின்", // Tamil: vowel sign I (Mc) and virama (Mn)
		"X",
	}
	for _, name := range good {
		if err := cdop.CheckPersonName(name); err != nil {
			t.Errorf("CheckPersonName(%q) = %v; want nil", name, err)
		}
	}
	bad := []struct {
		name string
		says []string
	}{
		{"", []string{"is required"}},
		{"   ", []string{"is required"}},
		{"Ayla2", []string{`"2" at character 5`, "only letters, apostrophes, hyphens and spaces"}},
		{"Baby 1", []string{`"1" at character 6`}},
		{"Smith.", []string{`"." at character 6`}},
		{"Smith, Ayla", []string{`"," at character 6`}},
		{"Ayla!", []string{`"!" at character 5`}},
		{"A_la", []string{`"_" at character 2`}},
		{"Ayla\tRose", []string{`"\t" at character 5`}},
		{"Rose (twin)", []string{`"(" at character 6`}},
		{"'-", []string{"no letters"}},
		{"\u0308", []string{"no letters"}},
	}
	for _, tt := range bad {
		err := cdop.CheckPersonName(tt.name)
		if err == nil {
			t.Errorf("CheckPersonName(%q) = nil; want an error", tt.name)
			continue
		}
		for _, s := range tt.says {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("CheckPersonName(%q) = %q; want it to say %q", tt.name, err, s)
			}
		}
	}
}

// Names are checked on both first_name and last_name, and each problem is
// reported on its own column.
func TestValidateNames(t *testing.T) {
	tests := []struct {
		first, last string
		wants       []want
	}{
		{"Zoë", "Nguyễn", nil},
		{"Łukasz", "Ó Súilleabháin", nil},
		{"Grace", "O'Neill", nil},
		{"Tariq", "Al-Amin", nil},
		{"Zoe\u0308", "Brennan-Kowalczyk", nil},
		{"  Ayla  ", "Thornbury", nil}, // Set trims
		{"", "Thornbury", []want{{"first_name", []string{"is required"}}}},
		{"Ayla", "", []want{{"last_name", []string{"is required"}}}},
		{"", "", []want{{"first_name", []string{"is required"}}, {"last_name", []string{"is required"}}}},
		{"Ayla3", "Thornbury", []want{{"first_name", []string{`"Ayla3"`, `"3" at character 5`}}}},
		{"Ayla", "Thorn#bury", []want{{"last_name", []string{`"#" at character 6`}}}},
		{"Ayla", "Thornbury Jr.", []want{{"last_name", []string{`"." at character 13`}}}},
	}
	for _, tt := range tests {
		t.Run(tt.first+"/"+tt.last, func(t *testing.T) {
			c := baseCase(t)
			mustSet(t, c, "first_name", tt.first)
			mustSet(t, c, "last_name", tt.last)
			checkErrors(t, c.ValidateOn(today), tt.wants...)
		})
	}
}

func TestBroadEthnicGroup(t *testing.T) {
	want := map[string]string{
		"A": "White", "B": "White", "C": "White",
		"D": "Mixed", "E": "Mixed", "F": "Mixed", "G": "Mixed",
		"H": "Asian", "J": "Asian", "K": "Asian", "L": "Asian",
		"M": "Black", "N": "Black", "P": "Black",
		"R": "Other", "S": "Other",
		"Z": "Not stated",
		"":  "",
	}
	for code, group := range want {
		if got := cdop.BroadEthnicGroup(code); got != group {
			t.Errorf("BroadEthnicGroup(%q) = %q; want %q", code, got, group)
		}
	}
	for _, c := range cdop.EthnicCategories {
		if _, ok := want[c.Code]; !ok {
			t.Errorf("ethnic category %q has no expected broad group", c.Code)
		}
	}
}
