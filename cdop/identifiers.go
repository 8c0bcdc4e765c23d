package cdop

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// NormaliseNHSNumber removes spaces (of any kind) and hyphens from an NHS number as typed.
func NormaliseNHSNumber(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '\u2010' || r == '\u2011' || unicode.Is(unicode.Zs, r) {
			return -1
		}
		return r
	}, s)
}

// CheckNHSNumber reports why s (already normalised) is not a valid NHS number:
// it must be ten digits whose last passes the Modulus 11 check.
func CheckNHSNumber(s string) error {
	if len(s) != 10 {
		return fmt.Errorf("%s is not an NHS number: it needs exactly 10 digits", Quote(s))
	}
	sum := 0
	for i, r := range s {
		if r < '0' || r > '9' {
			return fmt.Errorf("%s is not an NHS number: it may hold only digits and spaces", Quote(s))
		}
		if i < 9 {
			sum += int(r-'0') * (10 - i)
		}
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	if check == 10 || check != int(s[9]-'0') {
		return fmt.Errorf("%s fails the NHS number check digit (Modulus 11): check for a mistyped digit", FormatNHSNumber(s))
	}
	return nil
}

// FormatNHSNumber shows a ten-digit NHS number as 3-3-4 ("999 000 0018");
// anything else is returned as it is.
func FormatNHSNumber(s string) string {
	if len(s) != 10 {
		return s
	}
	return s[:3] + " " + s[3:6] + " " + s[6:]
}

// NHSCheckDigit returns the Modulus 11 check digit for nine digits, and false
// when no valid NHS number starts with them.
func NHSCheckDigit(first9 string) (int, bool) {
	if len(first9) != 9 {
		return 0, false
	}
	sum := 0
	for i, r := range first9 {
		if r < '0' || r > '9' {
			return 0, false
		}
		sum += int(r-'0') * (10 - i)
	}
	check := 11 - sum%11
	switch check {
	case 11:
		return 0, true
	case 10:
		return 0, false
	}
	return check, true
}

// postcodePattern is the shape of a UK postcode after normalisation.
var postcodePattern = regexp.MustCompile(`^(GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2})$`)

// NormalisePostcode upper-cases a postcode and puts the single space before
// the inward code ("ls62qr" → "LS6 2QR"); it does not validate.
func NormalisePostcode(s string) string {
	compact := []rune(strings.ToUpper(strings.Join(strings.Fields(s), "")))
	if len(compact) < 5 {
		return string(compact)
	}
	inward := len(compact) - 3 // count characters, not bytes, so none is split
	return string(compact[:inward]) + " " + string(compact[inward:])
}

// CheckPostcode reports why s (already normalised) is not shaped like a UK postcode.
func CheckPostcode(s string) error {
	if !postcodePattern.MatchString(s) {
		return fmt.Errorf("%s is not a UK postcode (for example LS1 4AP)", Quote(s))
	}
	return nil
}

// CheckPersonName reports why s is not acceptable as a child's name: it must
// hold letters (of any script), and may also hold combining marks (accents,
// Indic vowel signs), apostrophes, hyphens and spaces.
func CheckPersonName(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("is required")
	}
	letters := 0
	at := 0
	for _, r := range s {
		at++
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.In(r, unicode.Mn, unicode.Mc), r == ' ', r == '-', r == '\'', r == '\u2019', r == '\u2010':
		default:
			return fmt.Errorf("%s holds %s at character %d; a name may hold only letters, apostrophes, hyphens and spaces",
				Quote(s), Quote(string(r)), at)
		}
	}
	if letters == 0 {
		return fmt.Errorf("%s holds no letters", Quote(s))
	}
	return nil
}
