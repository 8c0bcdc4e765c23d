package cdop_test

import (
	"strings"
	"testing"

	"casemanager/cdop"
)

// scrubCase is a child whose names are awkward for a scrubber: an Irish
// surname with an apostrophe, a hyphenated double-barrelled one for the
// mother's side, first names that are ordinary words, and a key worker
// typed with her role.
func scrubCase() *cdop.Case {
	c := cdop.NewCase()
	c.FirstName = "May Zoë"
	c.LastName = "O'Neill-Read"
	c.KeyWorker = "Harriet Fennimore-Ogunleye, SUDIC nurse"
	c.NHSNumber = "9991240004"
	c.Postcode = "LS6 2QR"
	c.DateOfBirth = cdop.MustParseDate("2010-05-03")
	c.DateOfDeath = cdop.MustParseDate("2024-11-02")
	return c
}

// TestScrubber withholds every form of the case's names and every pattern
// of identifier, replacing each run with one neutral token, and leaves
// other text alone.
func TestScrubber(t *testing.T) {
	scrub := cdop.IdentifierScrubber(scrubCase())
	w := cdop.Withheld
	for _, tt := range []struct{ name, in, want string }{
		// Names: whole, parts, any case, accents, apostrophes, hyphens.
		{"full name", "May Zoë O'Neill-Read was seen", w + " was seen"},
		{"curly apostrophe", "O’Neill family", w + " family"},
		{"left quote as apostrophe", "O‘Neill family", w + " family"},
		{"no apostrophe", "ONeill family", w + " family"},
		{"spaced", "O Neill family", w + " family"},
		{"upper case", "O'NEILL FAMILY", w + " FAMILY"},
		{"surname part alone", "Mrs Neill said", "Mrs " + w + " said"},
		{"hyphen dropped", "the O'Neill Read home", "the " + w + " home"},
		{"run together", "the ONeillRead home", "the " + w + " home"},
		{"second part alone", "Read's father", w + "'s father"},
		{"accent dropped", "Zoe cried", w + " cried"},
		{"accent kept, capitals", "ZOË CRIED", w + " CRIED"},
		{"first and last names as one run", "May O'Neill and Zoe", w + " and " + w},
		{"key worker surname alone", "seen by Fennimore on the ward", "seen by " + w + " on the ward"},
		{"key worker second surname", "Ogunleye visited", w + " visited"},
		{"key worker full", "Harriet Fennimore-Ogunleye visited", w + " visited"},
		{"key worker role is no name", "the SUDIC nurse visited", "the SUDIC nurse visited"},
		// A name that is also a word is withheld as the word too.
		{"common word May", "we may need to review", "we " + w + " need to review"},
		{"common word Read", "read the report", w + " the report"},
		{"names as words in a row", "May read", w},
		// NHS numbers in any grouping and separator.
		{"NHS 3-3-4 spaces", "NHS 999 124 0004.", "NHS " + w + "."},
		{"NHS hyphens", "NHS 999-124-0004", "NHS " + w},
		{"NHS no spaces", "NHS 9991240004", "NHS " + w},
		{"NHS dots", "NHS 999.124.0004", "NHS " + w},
		{"NHS 5-5", "NHS 99912 40004", "NHS " + w},
		{"NHS odd grouping", "NHS 9 991 240 004", "NHS " + w},
		{"another child's NHS number", "sibling 999 000 0018", "sibling " + w},
		{"telephone", "call 07700 900123 today", "call " + w + " today"},
		// Postcodes with any spacing, and sectors.
		{"postcode", "lives at LS6 2QR now", "lives at " + w + " now"},
		{"postcode two spaces", "lives at LS6  2QR now", "lives at " + w + " now"},
		{"postcode no space", "lives at LS62QR now", "lives at " + w + " now"},
		{"postcode lower case", "lives at ls6 2qr now", "lives at " + w + " now"},
		{"another postcode", "moved from BD18 4FT", "moved from " + w},
		{"sector", "the LS6 2 sector", "the " + w + " sector"},
		{"the case's district", "families in LS6 were", "families in " + w + " were"},
		// Dates: numeric, ordinal, written.
		{"d/m/yyyy", "born 3/5/2010", "born " + w},
		{"dd/mm/yyyy", "born 03/05/2010", "born " + w},
		{"dotted", "born 03.05.2010", "born " + w},
		{"hyphenated", "born 03-05-2010", "born " + w},
		{"two-digit year", "born 3/5/10", "born " + w},
		{"ISO", "born 2010-05-03", "born " + w},
		{"ordinal", "born 3rd May 2010", "born " + w},
		{"ordinal of", "born on the 3rd of May, 2010", "born on the " + w},
		{"written day first", "born 3 May 2010", "born " + w},
		{"month first", "born May 3, 2010", "born " + w},
		{"month first ordinal", "born May 3rd", "born " + w},
		{"abbreviated", "died 2 Nov 2024", "died " + w},
		{"month and year", "since November 2024", "since " + w},
		{"another date", "seen 14 February 2023", "seen " + w},
		// Times of day.
		{"24-hour time", "found at 04:15 by", "found at " + w + " by"},
		{"pm", "found at 2.30pm by", "found at " + w + " by"},
		{"pm spaced", "found at 2 pm by", "found at " + w + " by"},
		{"h", "found at 14h30 by", "found at " + w + " by"},
		{"hours", "found at 1430 hrs by", "found " + "at " + w + " by"},
		{"at 9.30", "found at 9.30 by", "found " + w + " by"},
		{"date and time as one", "on 03.05.2010 14:30 exactly", "on " + w + " exactly"},
		// Text with no identifier is left alone.
		{"plain", "Safe sleep advice at every contact", "Safe sleep advice at every contact"},
		{"numbers that are no identifiers", "aged 3, dose 0.15 mg, 12 visits in 2023", "aged 3, dose 0.15 mg, 12 visits in 2023"},
		{"word containing a name", "the mayor read nothing", "the mayor " + w + " nothing"},
		{"empty", "", ""},
	} {
		if got := scrub(tt.in); got != tt.want {
			t.Errorf("%s: scrub(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// A baby recorded as "Baby Okafor" has the surname withheld, not the word baby.
func TestScrubber_BabyIsNoName(t *testing.T) {
	c := cdop.NewCase()
	c.FirstName, c.LastName = "Baby", "Okafor"
	if got := cdop.IdentifierScrubber(c)("Baby Okafor: the baby was born at 24 weeks"); got != "Baby "+cdop.Withheld+": the baby was born at 24 weeks" {
		t.Errorf("got %q", got)
	}
}

// The token is the same whatever it replaces: neither the length of a name
// nor the number of its words can be read from what is left.
func TestScrubber_TokenKeepsNoLengthOrCount(t *testing.T) {
	scrub := cdop.IdentifierScrubber(scrubCase())
	short := scrub("Seen: Zoë.")
	long := scrub("Seen: May Zoë O’Neill-Read, 3rd May 2010, 999 124 0004, LS6 2QR.")
	if short != "Seen: "+cdop.Withheld+"." || long != short {
		t.Errorf("a short and a long run give %q and %q; want the same single token", short, long)
	}
}

// The scrubber takes its names from every field the registry marks as a
// person's name, so a name field added later is withheld without a change here.
func TestScrubber_NamesFromTheRegistry(t *testing.T) {
	var names []string
	for _, f := range cdop.FieldsWhere(func(f *cdop.Field) bool { return f.PersonName }) {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "first_name,last_name,key_worker,parents,siblings,notifier" {
		t.Errorf("person-name fields %v", names)
	}
	for _, f := range cdop.FieldsWhere(func(f *cdop.Field) bool { return f.PersonName }) {
		if f.Disclosure != cdop.Identifier {
			t.Errorf("%s holds a name but is a %s", f.Name, f.Disclosure)
		}
		c := cdop.NewCase()
		c.Set(f.Name, "Quenby Haworth")
		if got := cdop.IdentifierScrubber(c)("told Haworth and Quenby"); got != "told "+cdop.Withheld+" and "+cdop.Withheld {
			t.Errorf("%s: a name in it is not withheld: %q", f.Name, got)
		}
	}
}

// A list of people holds one a line, each with a role or relationship
// after the name: every name is withheld, and the relationship is not
// taken for one.
func TestScrubber_ParentsAndSiblings(t *testing.T) {
	c := cdop.NewCase()
	c.Set("parents", "Anna Nowak (mother) | Tomasz Wiśniewski, father")
	c.Set("siblings", "Kacper Nowak (6)")
	c.Set("notifier", "Priya Raman - SUDIC nurse")
	scrub := cdop.IdentifierScrubber(c)
	for _, tt := range []struct{ in, want string }{
		{"mother Anna was told", "mother " + cdop.Withheld + " was told"},
		{"Tomasz said", cdop.Withheld + " said"},
		{"Wisniewski said", cdop.Withheld + " said"},
		{"Kacper was at school", cdop.Withheld + " was at school"},
		{"the father and the nurse", "the father and the nurse"},
		{"Raman rang", cdop.Withheld + " rang"},
	} {
		if got := scrub(tt.in); got != tt.want {
			t.Errorf("scrub(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
