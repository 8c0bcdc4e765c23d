package interchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/interchange"
	"casemanager/storage"
)

var today = cdop.MustParseDate("2025-06-01")

// newStore returns an empty case database whose today is today.
func newStore(tb testing.TB) *storage.DB {
	tb.Helper()
	db, err := storage.Open(filepath.Join(tb.TempDir(), "cases.db"), cdop.FixedClock(today.Time()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// importProblems imports data that must fail and returns its LineErrors.
func importProblems(tb testing.TB, store interchange.Importer, data string) interchange.LineErrors {
	tb.Helper()
	n, err := interchange.Import(context.Background(), store, strings.NewReader(data))
	var problems interchange.LineErrors
	if n != 0 || !errors.As(err, &problems) {
		tb.Fatalf("Import = %d, %v; want 0 and LineErrors", n, err)
	}
	return problems
}

// storedCount returns how many cases db holds.
func storedCount(tb testing.TB, db *storage.DB) int {
	tb.Helper()
	cases, err := db.FindCases(context.Background(), cdop.CaseFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	return len(cases)
}

func readExample(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile("testdata/example-cases.csv")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func mustDecode(tb testing.TB, data []byte) []*cdop.Case {
	tb.Helper()
	cases, err := interchange.Decode(bytes.NewReader(data), today)
	if err != nil {
		tb.Fatalf("Decode: %v", err)
	}
	return cases
}

// decodeProblems decodes data that must fail and returns its LineErrors.
func decodeProblems(tb testing.TB, data string) interchange.LineErrors {
	tb.Helper()
	cases, err := interchange.Decode(strings.NewReader(data), today)
	if err == nil {
		tb.Fatalf("Decode succeeded with %d cases; want problems", len(cases))
	}
	if cases != nil {
		tb.Errorf("Decode returned %d cases with its problems; want none", len(cases))
	}
	var problems interchange.LineErrors
	if !errors.As(err, &problems) {
		tb.Fatalf("Decode error %T %q; want LineErrors", err, err)
	}
	return problems
}

// where lists the problems as "line:column" for comparison.
func where(problems interchange.LineErrors) []string {
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = fmt.Sprintf("%d:%s", p.Line, p.Column)
	}
	return out
}

func TestDecodeExample(t *testing.T) {
	cases := mustDecode(t, readExample(t))
	if got, want := len(cases), 3; got != want {
		t.Fatalf("got %d cases, want %d", got, want)
	}

	c := cases[0]
	for _, f := range []struct{ name, got, want string }{
		{"Ref", c.Ref, "CDOP-2025-0001"},
		{"FirstName", c.FirstName, "Élodie"},
		{"LastName", c.LastName, "Brennan-Kowalczyk"},
		{"DateOfBirth", c.DateOfBirth.String(), "2025-01-03"},
		{"DateOfDeath", c.DateOfDeath.String(), "2025-01-19"},
		{"Sex", c.Sex, "female"},
		{"NHSNumber", c.NHSNumber, "9990000018"},
		{"TimeOfDeath", c.TimeOfDeath, "04:12"},
		{"Postcode", c.Postcode, "LS6 2QR"},
		{"Ethnicity", c.Ethnicity, "C"},
		{"ResidenceLA", c.ResidenceLA, "E08000035"}, // "Leeds" in the file: stored as its code
		{"PlaceOfDeath", c.PlaceOfDeath, "hospital"},
		{"Expected", c.Expected, "expected"},
		{"NotifiedOn", c.NotifiedOn.String(), "2025-01-20"},
		{"JAR", c.JAR, "no"},
		{"Inquest", c.Inquest, "no"},
		{"KeyWorker", c.KeyWorker, "Neonatal bereavement nurse"},
		{"Stage", string(c.Stage), "closed"},
		{"CDRMOn", c.CDRMOn.String(), "2025-03-11"},
		{"CDOPReviewOn", c.CDOPReviewOn.String(), "2025-05-14"},
		{"Modifiable", c.Analysis.Modifiable, "none"},
		{"CauseOfDeath", c.Analysis.CauseOfDeath, "Extreme prematurity"},
		{"Summary", c.Summary, "Born at 24 weeks; died on the neonatal unit on day 16."},
	} {
		if f.got != f.want {
			t.Errorf("case 1 %s = %q, want %q", f.name, f.got, f.want)
		}
	}
	if got, want := c.IMDDecile, 3; got != want {
		t.Errorf("case 1 IMDDecile = %d, want %d", got, want)
	}
	if got, want := c.Analysis.Category, 8; got != want {
		t.Errorf("case 1 Category = %d, want %d", got, want)
	}
	var scores []int
	for _, d := range c.Analysis.Domains {
		if d.Score == nil {
			t.Fatal("case 1 has an unscored domain")
		}
		scores = append(scores, *d.Score)
	}
	if want := []int{2, 1, 1, 1}; !reflect.DeepEqual(scores, want) {
		t.Errorf("case 1 scores = %v, want %v", scores, want)
	}
	if got, want := c.Analysis.Domains[0].Factors, []string{"extreme prematurity (24 weeks)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("case 1 domain A factors = %q, want %q", got, want)
	}
	if got, want := c.Analysis.Learning, []string{"No new learning"}; !reflect.DeepEqual(got, want) {
		t.Errorf("case 1 learning = %q, want %q", got, want)
	}

	c = cases[1]
	if c.Ref != "CDOP-2025-0002" || c.LastName != "Al-Amin" || c.NHSNumber != "9990000026" ||
		c.JAR != "yes" || c.JARReason != "sudden_unexplained" || c.Inquest != "pending" ||
		c.Stage != cdop.StageInformationGathering || c.Postcode != "BD3 9LE" || c.Analysis.Category != 0 {
		t.Errorf("case 2 = %+v", *c)
	}

	c = cases[2]
	if c.Ref != "" || c.FirstName != "Grace" || c.LastName != "O'Neill" || c.NHSNumber != "" ||
		c.NHSNumberStatus != "non_resident" || c.Stage != cdop.StageNotified || c.Postcode != "" ||
		c.Summary != "Visiting from abroad; road traffic collision." {
		t.Errorf("case 3 = %+v", *c)
	}
}

func TestDecodeAcceptsByteOrderMark(t *testing.T) {
	plain := mustDecode(t, readExample(t))
	withBOM := mustDecode(t, append([]byte("\uFEFF"), readExample(t)...))
	if !reflect.DeepEqual(withBOM, plain) {
		t.Error("a leading byte-order mark changed what was decoded")
	}
}

func TestDecodeColumnsInAnyOrder(t *testing.T) {
	records, err := csv.NewReader(bytes.NewReader(readExample(t))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Reverse every record, so every column moves.
	for _, rec := range records {
		for i, j := 0, len(rec)-1; i < j; i, j = i+1, j-1 {
			rec[i], rec[j] = rec[j], rec[i]
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(records); err != nil {
		t.Fatal(err)
	}
	if got, want := mustDecode(t, buf.Bytes()), mustDecode(t, readExample(t)); !reflect.DeepEqual(got, want) {
		t.Error("reordering the columns changed what was decoded")
	}
}

func TestDecodeOptionalColumnsMayBeMissing(t *testing.T) {
	cases := mustDecode(t, []byte("first_name,last_name,date_of_birth,date_of_death,sex,nhs_number_status,case_ref\n"+
		"Ada,Jones,2024-01-01,2024-02-01,female,not_available,\n"))
	if len(cases) != 1 || cases[0].Stage != cdop.StageNotified || cases[0].LastName != "Jones" {
		t.Fatalf("got %+v", cases)
	}
}

func TestDecodeNamesUnknownHeader(t *testing.T) {
	data := strings.Replace(string(readExample(t)), "case_ref,", "case_ref,dob,", 1)
	data = strings.Replace(data, "\nCDOP-2025-0001,", "\nCDOP-2025-0001,x,", 1)
	problems := decodeProblems(t, data)
	// The header problem, and the rows whose cell count no longer matches.
	if got := where(problems); got[0] != `1:"dob"` {
		t.Fatalf("problems at %v; want the first at 1:\"dob\"", got)
	}
	if !strings.HasPrefix(problems.Error(), `line 1: "dob": unknown column`) {
		t.Errorf("message %q", problems.Error())
	}
}

func TestDecodeHeaderProblems(t *testing.T) {
	// sex (required) missing, last_name repeated, an unknown column, and an
	// unnamed column that holds data on line 2 (an empty one is harmless).
	data := "case_ref,first_name,last_name,date_of_birth,date_of_death,last_name,nhs_number_status,colour,,Date of Death\n" +
		",Ada,Jones,2024-01-01,2024-02-01,Jones,not_available,blue,,\n" +
		",Bea,Jones,2024-01-01,2024-02-01,Jones,not_available,red,note,\n"
	problems := decodeProblems(t, data)
	got, want := where(problems), []string{"1:last_name", `1:"colour"`, `1:"Date of Death"`, "1:sex", "3:-"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at %v, want %v:\n%v", got, want, problems)
	}
	for i, words := range []string{"more than once (columns 3 and 6)", "unknown column", `did you mean "date_of_death"?`, "required column is missing", `column 9 has no header name but holds "note"`} {
		if !strings.Contains(problems[i].Message, words) {
			t.Errorf("problem %d %q does not say %q", i, problems[i], words)
		}
	}
}

func TestDecodeEmptyFile(t *testing.T) {
	problems := decodeProblems(t, "")
	if got, want := where(problems), []string{"1:-"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at %v, want %v", got, want)
	}
	cases, err := interchange.Decode(strings.NewReader("case_ref,first_name,last_name,date_of_birth,date_of_death,sex\n"), today)
	if err != nil || len(cases) != 0 {
		t.Errorf("header only: got %d cases, %v; want none and no error", len(cases), err)
	}
}

const reportHeader = "case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number,nhs_number_status,postcode,stage,category,summary\n"

func TestImportReportsEveryProblemAtOnce(t *testing.T) {
	data := reportHeader +
		"CDOP-2025-0001,Zoë,Ó Súilleabháin,2024-11-02,2025-01-10,female,999 000 0018,,LS6 2QR,notified,,fine\n" + // 2
		"CDOP-2025-0002,Łukasz,Nowak,2020-05-05,2025-02-01,male,,not_available,bd3 9le,notified,,\"Line one\n" + // 3
		"line two, with a comma\n" + // 4
		"line three\"\n" + // 5
		"CDOP-2025-0003,Amir,Khan,2019-01-01,2025-02-30,male,,not_available,,notified,,\n" + // 6: unreadable date, once
		"CDOP-2025-0004,Nguyễn,Minh,2018-03-03,2025-01-05,boy,999 000 0019,,XX1,notified,,\n" + // 7: sex, nhs, postcode
		"CDOP-2025-0005,Too,Short,2018-03-03\n" + // 8: cell count
		"CDOP-2025-0006,ZOE,o suilleabhain,2024-11-02,2025-01-10,female,,not_available,,notified,,\n" + // 9: same as line 2
		"CDOP-2025-0001,Ava,Smith,2015-01-01,2025-03-01,female,,non_resident,,notified,,\n" + // 10: reference of line 2
		",Grace,Brown,2015-01-01,2025-03-02,female,999 000 0026,,,closed,,\n" + // 11: closed without analysis
		",Maja,Wiśniewska,2010-01-01,2025-03-03,female,9990000026,,,notified,,\n" + // 12: NHS number of line 11
		",Ben,Old,2000-01-01,2025-01-01,male,,not_available,,notified,,\n" + // 13: 18 or over
		",Eve,Later,2024-01-01,2025-12-01,female,,not_available,,notified,12,\n" // 14: future death, category 12
	store := newStore(t)
	problems := importProblems(t, store, data)
	got := where(problems)
	want := []string{
		"6:date_of_death",
		"7:sex", "7:nhs_number", "7:postcode",
		"8:-",
		"9:last_name",
		"10:case_ref",
		"11:category", "11:domain_a_score", "11:domain_b_score", "11:domain_c_score", "11:domain_d_score", "11:modifiable",
		"12:nhs_number",
		"13:date_of_death",
		"14:date_of_death", "14:category",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at\n%v\nwant\n%v\nfull report:\n%v", got, want, problems)
	}
	for _, m := range []struct {
		i     int
		words string
	}{
		{0, `"2025-02-30" is not a date`},
		{1, "use one of: male, female"},
		{2, "check digit"},
		{3, `"XX1" is not a UK postcode`},
		{4, "has 4 cells but the header has 12"},
		{5, "possibly the same child as the case on line 2"},
		{6, "also the reference of the case on line 2"},
		{13, "same death as the case on line 11 (the same NHS number)"},
		{14, "reviews cover deaths before the 18th birthday"},
		{15, "in the future"},
		{16, "from 1 to 10"},
	} {
		if !strings.Contains(problems[m.i].Message, m.words) {
			t.Errorf("%q does not say %q", problems[m.i], m.words)
		}
	}
	if lines := strings.Split(problems.Error(), "\n"); len(lines) != len(want) || lines[0] != problems[0].Error() ||
		!strings.HasPrefix(lines[0], "line 6: date_of_death: ") {
		t.Errorf("Error() = %q", problems.Error())
	}
	if got := cdop.ErrorCode(problems); got != cdop.EINVALID {
		t.Errorf("ErrorCode = %q, want %q", got, cdop.EINVALID)
	}
	if n := storedCount(t, store); n != 0 {
		t.Errorf("%d cases stored; want none", n)
	}
}

func TestImportFindsDuplicatesInFile(t *testing.T) {
	data := reportHeader +
		",Zoë,Ó Súilleabháin,2024-11-02,2025-01-10,female,,not_available,,notified,,\n" + // 2
		",Łukasz,Nowak,2020-05-05,2025-02-01,male,999 000 0018,,,notified,,\n" + // 3
		",ZOË,O SUILLEABHAIN,2024-11-02,2025-01-10,female,,not_available,,notified,,\n" + // 4: names without accents
		",lukasz,nowak,2020-05-05,2025-02-01,male,,not_available,,notified,,\n" + // 5: Ł written as L, no NHS number
		",Jan,Kowalski,2019-05-05,2025-02-02,male,9990000018,,,notified,,\n" + // 6: NHS number of line 3
		",Zoe,O Suilleabhain,2024-11-03,2025-01-10,female,,not_available,,notified,,\n" // 7: another birthday: fine
	problems := importProblems(t, newStore(t), data)
	if got, want := where(problems), []string{"4:last_name", "5:last_name", "6:nhs_number"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at %v, want %v:\n%v", got, want, problems)
	}
	for i, line := range []string{"line 2", "line 3", "line 3"} {
		if !strings.Contains(problems[i].Message, line) {
			t.Errorf("%q does not name %s", problems[i], line)
		}
	}
}

// The spec's duplicate rule: the NHS number decides when both rows have
// one, so twins import; a row without one that matches another's surname,
// dates and sex (ignoring case, accents and "Baby") is refused as a
// possible duplicate unless distinct_reason says why it is another child;
// the same NHS number is always refused.
func TestImportTwinsAndLookAlikes(t *testing.T) {
	const header = "case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number,nhs_number_status,postcode,distinct_reason\n"
	tests := []struct {
		name    string
		rows    string
		refused []string // line:column, or nil when it imports
	}{
		{"twins with their own NHS numbers", "" +
			",Baby,Okonkwo-Hughes,2025-03-01,2025-03-02,female,999 000 0018,,LS6 2QR,\n" +
			",Baby,Okonkwo-Hughes,2025-03-01,2025-03-02,male,999 000 0026,,LS6 2QR,\n", nil},
		{"twins of one sex with their own NHS numbers", "" +
			",Twin One,Okonkwo-Hughes,2025-03-01,2025-03-02,female,999 000 0018,,,\n" +
			",Twin Two,Okonkwo-Hughes,2025-03-01,2025-03-02,female,999 000 0026,,,\n", nil},
		{"the renamed neonate", "" +
			",Baby,Kaczmarek,2025-04-10,2025-04-12,female,,not_available,BD3 9LE,\n" +
			",Oliwia,Kaczmarek,2025-04-10,2025-04-12,female,,not_available,bd3 9le,\n", []string{"3:last_name"}},
		{"Baby in the surname", "" +
			",Baby,Baby Kaczmarek,2025-04-10,2025-04-12,female,,not_available,,\n" +
			",Oliwia,KACZMAREK,2025-04-10,2025-04-12,female,,not_available,,\n", []string{"3:last_name"}},
		{"a look-alike confirmed distinct", "" +
			",Baby,Kaczmarek,2025-04-10,2025-04-12,female,,not_available,,\n" +
			",Baby,Kaczmarek,2025-04-10,2025-04-12,female,,not_available,,\"Twin: the maternity unit confirmed two babies\"\n", nil},
		{"different postcodes", "" +
			",Baby,Kaczmarek,2025-04-10,2025-04-12,female,,not_available,BD3 9LE,\n" +
			",Oliwia,Kaczmarek,2025-04-10,2025-04-12,female,,not_available,LS6 2QR,\n", nil},
		{"the same NHS number, whatever the reason", "" +
			",Baby,Okonkwo-Hughes,2025-03-01,2025-03-02,female,999 000 0018,,,\n" +
			",Ada,Okonkwo-Hughes,2025-03-01,2025-03-02,female,9990000018,,,\"another child\"\n", []string{"3:nhs_number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newStore(t)
			data := header + tt.rows
			if tt.refused == nil {
				if n, err := interchange.Import(context.Background(), store, strings.NewReader(data)); err != nil || n != 2 {
					t.Fatalf("Import = %d, %v; want both rows", n, err)
				}
				return
			}
			problems := importProblems(t, store, data)
			if got := where(problems); !reflect.DeepEqual(got, tt.refused) {
				t.Errorf("problems at %v, want %v:\n%v", got, tt.refused, problems)
			}
			if strings.Contains(problems.Error(), "999") || strings.Contains(problems.Error(), "Kaczmarek") {
				t.Errorf("the refusal quotes an identifier: %v", problems)
			}
		})
	}
	// Against the stored cases too: the renamed neonate's second
	// notification, imported later, is refused as the stored case's.
	store := newStore(t)
	if _, err := interchange.Import(context.Background(), store, strings.NewReader(header+
		"CDOP-2025-0001,Baby,Kaczmarek,2025-04-10,2025-04-12,female,,not_available,BD3 9LE,\n")); err != nil {
		t.Fatal(err)
	}
	problems := importProblems(t, store, header+",Oliwia,Kaczmarek,2025-04-10,2025-04-12,female,,not_available,,\n")
	if got := problems.Error(); !strings.Contains(got, "line 2: last_name: possibly the same child as stored case CDOP-2025-0001") {
		t.Errorf("the second notification: %s", got)
	}
}

func TestDecodeNamesLineOfInvalidUTF8(t *testing.T) {
	data := reportHeader +
		",Ada,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\n" +
		",Zo\xeb,Smith,2024-01-01,2024-02-02,female,,not_available,,notified,,\n" // Latin-1 ë
	problems := decodeProblems(t, data)
	if got, want := where(problems), []string{"3:-"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at %v, want %v", got, want)
	}
	if !strings.Contains(problems[0].Message, "UTF-8") {
		t.Errorf("%q does not mention UTF-8", problems[0])
	}
}

func TestDecodeReportsBadQuotingAndGoesOn(t *testing.T) {
	data := reportHeader +
		",Ada,Jo\"nes,2024-01-01,2024-02-01,female,,not_available,,notified,,\n" + // 2: bare quote
		",Ben,Jones,2024-01-01,2024-02-01,male,,not_available,,notified,,\n" + // 3: fine
		",Cy,Jones,2024-01-01,2024-02-01,male,,not_available,,notified,,\"said \"hi\" twice\"\n" + // 4: undoubled quote
		",Di,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\n" + // 5: fine
		",Ed,Jones,2025-01-01,2025-02-01,bloke,,not_available,,notified,,\n" // 6: sex
	problems := decodeProblems(t, data)
	if got, want := where(problems), []string{"2:-", "4:-", "6:sex"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at %v, want %v:\n%v", got, want, problems)
	}
}

func TestDecodeSkipsEmptyRows(t *testing.T) {
	data := reportHeader + ",,,,,,,,,,,\n" +
		",Ada,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\n\n" +
		",Ben,Jones,2024-01-01,2024-02-01,male,,not_available,,notified,,bad\"quote\n"
	problems := decodeProblems(t, data)
	if got, want := where(problems), []string{"5:-"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at %v, want %v (blank lines still count)", got, want)
	}
}

// awkwardCases exercises quoting, separators, line breaks and scripts.
func awkwardCases() []*cdop.Case {
	closed := cdop.NewCase()
	closed.Ref = "CDOP-2024-0031"
	closed.FirstName, closed.LastName = "Zoë", "Ó Súilleabháin"
	closed.DateOfBirth, closed.DateOfDeath = cdop.MustParseDate("2023-12-30"), cdop.MustParseDate("2024-02-11")
	closed.Sex = "female"
	closed.NHSNumber = "9990000018"
	closed.Postcode = "LS6 2QR"
	closed.Ethnicity = "B"
	closed.IMDDecile = 2
	closed.ResidenceLA = "E08000035"
	closed.PlaceOfDeath = "home"
	closed.Expected = "unexpected"
	closed.NotifiedOn = cdop.MustParseDate("2024-02-12")
	closed.JAR, closed.JARReason = "yes", "sudden_unexplained"
	closed.AbuseNeglectSuspected = "no"
	closed.CoronerReferred, closed.PostMortem, closed.Inquest = "yes", "yes", "yes"
	closed.KeyWorker = "Nurse \"Sam\", SUDIC team"
	closed.Stage = cdop.StageClosed
	closed.CDRMOn, closed.CDOPReviewOn = cdop.MustParseDate("2024-05-02"), cdop.MustParseDate("2024-09-18")
	closed.Analysis = cdop.Analysis{
		Category: 10,
		Domains: [4]cdop.DomainEntry{
			{Score: cdop.ScoreOf(1)},
			{Score: cdop.ScoreOf(2), Factors: []string{"parental smoking", "co-sleeping on a sofa, after alcohol"}, Modifiable: []string{"co-sleeping on a sofa, after alcohol"}},
			{Score: cdop.ScoreOf(2), Factors: []string{"soft bedding"}},
			{Score: cdop.ScoreOf(0)},
		},
		Modifiable:   "identified",
		CauseOfDeath: "Unascertained, SUDI",
		Learning:     []string{"Repeat safer sleep advice at every contact", "Ask about \"sofa sleeping\" explicitly"},
	}
	closed.Summary = "Found unresponsive at home.\nShared a sofa with a parent; \"no\" bumper.\nReviewed twice."
	statutory(closed)

	open := cdop.NewCase()
	open.Ref = "CDOP-2025-0004"
	open.FirstName, open.LastName = "Łukasz", "Nguyễn"
	open.DateOfBirth, open.DateOfDeath = cdop.MustParseDate("2012-02-29"), cdop.MustParseDate("2025-03-01")
	open.TimeOfDeath = "23:59"
	open.Sex = "male"
	open.NHSNumberStatus = "not_available"
	open.Ethnicity = "C"
	open.Stage = cdop.StageInformationGathering
	open.Summary = "Trailing comma, then a quote: \"'"

	bare := cdop.NewCase()
	bare.FirstName, bare.LastName = "Özlem", "Yılmaz-D'Arcy"
	bare.DateOfBirth, bare.DateOfDeath = cdop.MustParseDate("2025-01-01"), cdop.MustParseDate("2025-01-01")
	bare.Sex = "not_known"
	bare.NHSNumberStatus = "non_resident"
	return []*cdop.Case{closed, open, bare}
}

// statutory fills every item of the statutory dataset of c (a closed case
// with a coroner's post-mortem and inquest) with awkward text, and returns c.
func statutory(c *cdop.Case) *cdop.Case {
	c.LookedAfter, c.ChildProtectionPlan = "yes", "not_known"
	c.Residency, c.PanelOfResidence = "non_resident", "Kent & Medway CDOP, \"east\""
	c.BirthOutcome = "live_birth"
	for name, v := range map[string]string{
		"gestation_weeks": "31", "birth_weight_grams": "1480",
		"address":     "Flat 2, \"Rose Court\"\n14 Acre Lane\nLeeds LS6 2QR",
		"gp_practice": "=Hyde Park Surgery",
		"parents":     "Anna Nowak (mother) | Tomasz Wiśniewski, father",
		"siblings":    "Kacper Nowak (6)",
		"notifier":    "Dr Priya Raman, consultant paediatrician", "notifier_agency": "Leeds Teaching Hospitals",
		"mccd_cause": "1a Unascertained\n(pending inquest)", "coroner_area": "West Yorkshire (Eastern)",
		"inquest_conclusion": "Open conclusion", "pfd_report": "no",
	} {
		if err := c.Set(name, v); err != nil {
			panic(err)
		}
	}
	c.LAAwareOn, c.LACNotifiedOn = c.NotifiedOn, c.NotifiedOn.AddDays(1)
	c.CoronerReferredOn, c.PostMortemOn = c.DateOfDeath, c.DateOfDeath.AddDays(3)
	c.PostMortemReportReceivedOn = c.DateOfDeath.AddDays(60)
	c.InquestOpenedOn, c.InquestConcludedOn = c.DateOfDeath.AddDays(10), c.DateOfDeath.AddDays(200)
	c.NCMDSubmittedOn, c.NCMDSubmittedBy = c.CDOPReviewOn.AddDays(14), "sam.coordinator"
	c.DistinctReason = "Twin of the other \"Baby\" case; confirmed with the midwife"
	return c
}

func encode(tb testing.TB, cases []*cdop.Case) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := interchange.NewEncoder(&buf)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			tb.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestEncoderWritesHeaderOfEveryColumn(t *testing.T) {
	got := string(encode(t, nil))
	names := make([]string, len(cdop.Columns))
	for i, col := range cdop.Columns {
		names[i] = col.Name
	}
	if want := strings.Join(names, ",") + "\n"; got != want {
		t.Errorf("header = %q, want %q", got, want)
	}
	// Every column of the spec's example is one the encoder writes.
	exampleHeader := strings.SplitN(string(readExample(t)), "\n", 2)[0]
	for _, name := range strings.Split(strings.TrimSpace(exampleHeader), ",") {
		if _, ok := cdop.ColumnNamed(name); !ok {
			t.Errorf("the example's column %q is not in cdop.Columns", name)
		}
	}
}

func TestRoundTripIsByteIdentical(t *testing.T) {
	cases := awkwardCases()
	for _, c := range cases {
		if err := c.ValidateOn(today); err != nil {
			t.Fatalf("test case %s is invalid: %v", c.FullName(), err)
		}
	}
	first := encode(t, cases)
	if bytes.Contains(first, []byte("\r")) {
		t.Error("the file holds CR; want LF line ends")
	}
	decoded := mustDecode(t, first)
	if second := encode(t, decoded); !bytes.Equal(first, second) {
		t.Errorf("encode → decode → encode differs:\n%s\n---\n%s", first, second)
	}
	if !reflect.DeepEqual(decoded, cases) {
		for i := range cases {
			if !reflect.DeepEqual(decoded[i], cases[i]) {
				t.Errorf("case %d decoded as\n%+v\nwant\n%+v", i, *decoded[i], *cases[i])
			}
		}
	}
}

func TestFormulasAreProtectedAndComeBackAsTheyWere(t *testing.T) {
	// Text a spreadsheet would run is written with a leading apostrophe,
	// which reading the file removes again; a tab that defuses a formula
	// survives the import rather than being trimmed away.
	c := awkwardCases()[1]
	c.KeyWorker = `=HYPERLINK("http://x.example","click")`
	c.Summary = "\t=1+2"
	c.Analysis.CauseOfDeath = "@SUM(A1:A9)"
	c.Analysis.Learning = []string{"-NOW()", "+cmd /c calc"}
	file := encode(t, []*cdop.Case{c})
	records, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cell := map[string]string{}
	for i, name := range records[0] {
		cell[name] = records[1][i]
	}
	for col, want := range map[string]string{
		"key_worker":     `'=HYPERLINK("http://x.example","click")`,
		"summary":        "'\t=1+2",
		"cause_of_death": "'@SUM(A1:A9)",
		"learning":       "'-NOW() | +cmd /c calc",
		"date_of_birth":  "2012-02-29",
	} {
		if cell[col] != want {
			t.Errorf("%s written as %q, want %q", col, cell[col], want)
		}
	}
	decoded := mustDecode(t, file)
	if !reflect.DeepEqual(decoded[0], c) {
		t.Errorf("decoded as\n%+v\nwant\n%+v", *decoded[0], *c)
	}
	if again := encode(t, decoded); !bytes.Equal(again, file) {
		t.Errorf("encode → decode → encode differs:\n%s\n---\n%s", file, again)
	}
	// The common defence written by another system: a tab before "=".
	defended := strings.Replace(string(file), "'\t=1+2", "\t=1+2", 1)
	if got := mustDecode(t, []byte(defended))[0].Summary; got != "\t=1+2" {
		t.Errorf(`"\t=1+2" imported as %q`, got)
	}
}

func TestDecodeNormalisesText(t *testing.T) {
	// What decoding changes: spaces around a value are trimmed, a CRLF
	// inside a quoted cell becomes LF (as every CSV reader does), and NHS
	// numbers and postcodes take their normal form.
	c := awkwardCases()[1]
	c.Summary = "  two\r\nlines  "
	c.FirstName = " Łukasz"
	c.NHSNumber, c.NHSNumberStatus = "999-000-0018", ""
	c.Postcode = "ls62qr"
	decoded := mustDecode(t, encode(t, []*cdop.Case{c}))[0]
	for _, f := range []struct{ got, want string }{
		{decoded.Summary, "two\nlines"},
		{decoded.FirstName, "Łukasz"},
		{decoded.NHSNumber, "9990000018"},
		{decoded.Postcode, "LS6 2QR"},
	} {
		if f.got != f.want {
			t.Errorf("got %q, want %q", f.got, f.want)
		}
	}
}

func TestEncoderReportsWriteError(t *testing.T) {
	enc := interchange.NewEncoder(failingWriter{})
	_ = enc.Encode(awkwardCases()[0])
	if err := enc.Close(); err == nil {
		t.Error("Close returned nil after the writer failed")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestImportStoresEveryCase(t *testing.T) {
	ctx := context.Background()
	store := newStore(t)
	n, err := interchange.Import(ctx, store, bytes.NewReader(readExample(t)))
	if err != nil || n != 3 {
		t.Fatalf("Import = %d, %v; want 3, nil", n, err)
	}
	if _, err := store.FindCaseByRef(ctx, "CDOP-2025-0003"); err != nil {
		t.Errorf("the case without a reference was not given the next one: %v", err)
	}

	// Export, import into an empty store, export again: the same file.
	var first bytes.Buffer
	if n, err := interchange.Export(ctx, store, &first); err != nil || n != 3 {
		t.Fatalf("Export = %d, %v; want 3, nil", n, err)
	}
	other := newStore(t)
	if n, err := interchange.Import(ctx, other, bytes.NewReader(first.Bytes())); err != nil || n != 3 {
		t.Fatalf("re-Import = %d, %v; want 3, nil", n, err)
	}
	var second bytes.Buffer
	if _, err := interchange.Export(ctx, other, &second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first.String(), second.String())
	}
	if lines := strings.Count(first.String(), "\n"); lines != 4 {
		t.Errorf("export has %d lines, want a header and 3 rows", lines)
	}
}

// Every column of the interchange file, the statutory dataset's among
// them, survives export → import into an empty database → export, byte for
// byte; a voided and a transferred case among them.
func TestExportImportExportCarriesEveryColumn(t *testing.T) {
	ctx := context.Background()
	cases := awkwardCases()
	closed := cases[0]
	closed.AbuseNeglectSuspected = "yes"
	closed.CSPRPNotifiedOn, closed.RapidReviewCompletedOn = closed.NotifiedOn.AddDays(2), closed.NotifiedOn.AddDays(20)
	closed.Analysis.Domains[0] = cdop.DomainEntry{Score: cdop.ScoreOf(2), Factors: []string{"born at 31 weeks"}, Modifiable: []string{"born at 31 weeks"}}
	closed.Analysis.Domains[2].Modifiable = []string{"soft bedding"}
	closed.Analysis.Domains[3] = cdop.DomainEntry{Score: cdop.ScoreOf(2), Factors: []string{"no interpreter"}, Modifiable: []string{"no interpreter"}}
	voided := cases[1]
	voided.VoidedReason = "Logged in error: the child is alive"
	transferred := cases[2]
	transferred.TransferredTo, transferred.TransferredOn = "Kent and Medway CDOP", today
	file := encode(t, cases)
	store := newStore(t)
	if n, err := interchange.Import(ctx, store, bytes.NewReader(file)); err != nil || n != len(cases) {
		t.Fatalf("Import = %d, %v", n, err)
	}
	var first bytes.Buffer
	if _, err := interchange.Export(ctx, store, &first); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(first.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range records[0] {
		filled := false
		for _, row := range records[1:] {
			filled = filled || row[i] != ""
		}
		if !filled {
			t.Errorf("column %s is blank in every exported row: the round trip does not cover it", name)
		}
	}
	other := newStore(t)
	if _, err := interchange.Import(ctx, other, bytes.NewReader(first.Bytes())); err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if _, err := interchange.Export(ctx, other, &second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first.String(), second.String())
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	store := newStore(t)
	stored := cdop.NewCase()
	stored.Ref = "CDOP-2024-0009"
	stored.FirstName, stored.LastName = "Siobhán", "Murphy"
	stored.DateOfBirth, stored.DateOfDeath = cdop.MustParseDate("2010-04-04"), cdop.MustParseDate("2024-08-08")
	stored.Sex = "female"
	stored.NHSNumberStatus = "not_available"
	if err := store.CreateCase(ctx, stored); err != nil {
		t.Fatal(err)
	}

	data := reportHeader +
		",Ada,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\n" + // 2: fine
		"CDOP-2024-0009,Ben,Jones,2024-01-01,2024-02-01,male,,not_available,,notified,,\n" + // 3: reference in use
		",SIOBHAN,MURPHY,2010-04-04,2024-08-08,female,,not_available,,notified,,\"a\n" + // 4: already stored
		"b\"\n" + // 5
		",Cy,Jones,2024-01-02,2024-02-01,male,,not_available,,notified,,\n" + // 6: fine
		",Di,Jones,2024-01-03,2024-02-01,female,,not_available,,closed,,\n" // 7: bad in the file
	problems := importProblems(t, store, data)
	got := where(problems)
	want := []string{"3:case_ref", "4:last_name", "7:category", "7:domain_a_score", "7:domain_b_score", "7:domain_c_score", "7:domain_d_score", "7:modifiable"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at %v, want %v:\n%v", got, want, problems)
	}
	if !strings.Contains(problems[1].Message, "CDOP-2024-0009") {
		t.Errorf("%q does not name the stored case", problems[1])
	}
	if n := storedCount(t, store); n != 1 {
		t.Errorf("the store holds %d cases; want the one stored before", n)
	}
	// The import's transaction is over: the next change goes through.
	if n, err := interchange.Import(ctx, store, strings.NewReader(reportHeader+",Ada,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\n")); n != 1 || err != nil {
		t.Errorf("a good import after a failed one = %d, %v", n, err)
	}
}

// failingImporter is a store that breaks down while an import runs.
type failingImporter struct{ rolledBack bool }

func (f *failingImporter) BeginImport(context.Context, func(int) string) (cdop.CaseImport, error) {
	return f, nil
}
func (f *failingImporter) Add(context.Context, int, *cdop.Case) (cdop.RowErrors, error) {
	return nil, errors.New("disk I/O error")
}
func (f *failingImporter) Commit(context.Context) (int, error) { return 0, errors.New("committed") }
func (f *failingImporter) Rollback() error                     { f.rolledBack = true; return nil }

func TestImportStopsWhenTheStoreFails(t *testing.T) {
	store := &failingImporter{}
	n, err := interchange.Import(context.Background(), store, bytes.NewReader(readExample(t)))
	var problems interchange.LineErrors
	if n != 0 || err == nil || errors.As(err, &problems) || !strings.Contains(err.Error(), "disk I/O error") {
		t.Errorf("Import = %d, %v; want the store's error", n, err)
	}
	if !store.rolledBack {
		t.Error("the import was not rolled back")
	}
}

func TestImportOfManyLikeRows(t *testing.T) {
	// A file of many rows alike keeps line numbers right, each row the
	// duplicate of the first.
	var b strings.Builder
	b.WriteString(reportHeader)
	for i := 0; i < 2000; i++ {
		b.WriteString(",Ada,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\"x\ny\"\n")
	}
	problems := importProblems(t, newStore(t), b.String())
	// The first thousand are listed, then how many more there are.
	if len(problems) != 1001 || problems[0].Line != 4 || problems[999].Line != 2+2*1000 {
		t.Fatalf("%d problems, first %v, last listed %v", len(problems), problems[0], problems[999])
	}
	if last := problems[1000]; last.Line != 2+2*1001 || !strings.HasPrefix(last.Message, "999 more problems") {
		t.Errorf("the last entry is %q; want the 999 not listed, from line %d", last, 2+2*1001)
	}
}

func TestRoundTripDemoData(t *testing.T) {
	cases := demo.Generate(demo.Options{Years: 10, PerYear: 60, Seed: 1, Today: today})
	// The file carries the interchange columns only; the app's own fields
	// (JAR checklist, factor details, ...) stay behind.
	for _, c := range cases {
		for _, f := range cdop.FieldsWhere(func(f *cdop.Field) bool { return !f.Interchange }) {
			if err := c.Set(f.Name, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	first := encode(t, cases)
	decoded := mustDecode(t, first)
	if !reflect.DeepEqual(decoded, cases) {
		t.Error("demo cases changed on the way through the file")
	}
	if second := encode(t, decoded); !bytes.Equal(first, second) {
		t.Error("encode → decode → encode of demo cases differs")
	}
	store := newStore(t)
	if n, err := interchange.Import(context.Background(), store, bytes.NewReader(first)); err != nil || n != len(cases) {
		t.Fatalf("Import = %d, %v; want %d, nil", n, err, len(cases))
	}
}

func TestImportWithBadHeaderReportsTheHeaderOnce(t *testing.T) {
	// Without the sex column every row lacks a required value; that is said
	// once, about the header, not again for each row by the store.
	store := newStore(t)
	data := "case_ref,first_name,last_name,date_of_birth,date_of_death,nhs_number_status\n" +
		",Ada,Jones,2024-01-01,2024-02-01,not_available\n" +
		",Ben,Jones,2024-01-02,2024-02-01,not_available\n"
	problems := importProblems(t, store, data)
	if got, want := where(problems), []string{"1:sex"}; !reflect.DeepEqual(got, want) {
		t.Errorf("problems at %v, want %v:\n%v", got, want, problems)
	}
	if n := storedCount(t, store); n != 0 {
		t.Errorf("%d cases stored; want none", n)
	}
}

func TestDecodeAcceptsSpreadsheetLeftovers(t *testing.T) {
	// Excel adds an empty, unnamed last column and leaves lines of spaces.
	data := "case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number_status,\n" +
		"CDOP-2025-0100,Ada,Jones,2024-01-01,2024-02-01,female,not_available,\n" +
		"   \n" +
		"CDOP-2025-0101,Ben,Jones,2024-01-01,2024-02-01,male,not_available,\n"
	cases, err := interchange.Decode(strings.NewReader(data), today)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if len(cases) != 2 {
		t.Errorf("decoded %d cases, want 2", len(cases))
	}
}

func TestImportReportsStoredConflictsAlongsideRowErrors(t *testing.T) {
	// One run names every problem: the postcode typo on one row, and the
	// clash with a stored case on another, and a reference repeated in the
	// file in another letter case.
	store := newStore(t)
	stored := cdop.NewCase()
	for col, v := range map[string]string{"first_name": "Zoë", "last_name": "Smith", "date_of_birth": "2020-01-01",
		"date_of_death": "2024-02-02", "sex": "female", "nhs_number_status": "not_available"} {
		if err := stored.Set(col, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.CreateCase(context.Background(), stored); err != nil {
		t.Fatal(err)
	}
	data := "case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number_status,postcode\n" +
		"CDOP-2024-0002,Zoe,SMITH,2020-01-01,2024-02-02,female,not_available,XX1\n" +
		"CDOP-2024-0009,Amir,Khan,2020-01-01,2024-02-03,male,not_available,\n" +
		"cdop-2024-0009,Amira,Khan,2020-01-01,2024-02-04,female,not_available,\n"
	text := importProblems(t, store, data).Error()
	for _, want := range []string{"line 2: postcode:", "line 2: last_name: possibly the same child as stored case " + stored.Ref,
		"line 4: case_ref: \"cdop-2024-0009\" is also the reference of the case on line 3"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems lack %q:\n%s", want, text)
		}
	}
}

// residence_la takes an ONS code or a local authority's name and stores the
// code; anything else is refused on its line with the close matches.
func TestDecodeResidenceCodes(t *testing.T) {
	header := "case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number_status,residence_la\n"
	cases := mustDecode(t, []byte(header+
		"CDOP-2025-0001,Ava,Smith,2015-01-01,2025-03-01,female,not_available,Leeds\n"+
		"CDOP-2025-0002,Ben,Jones,2015-01-01,2025-03-02,male,not_available,E08000032\n"+
		"CDOP-2025-0003,Cai,Lewis,2015-01-01,2025-03-03,male,not_available,outside_england\n"+
		"CDOP-2025-0004,Dee,Evans,2015-01-01,2025-03-04,female,not_available,\"bristol, city of\"\n"))
	for i, want := range []string{"E08000035", "E08000032", cdop.ResidenceOutsideEngland, "E06000023"} {
		if cases[i].ResidenceLA != want {
			t.Errorf("case %d: residence %q; want %q", i+1, cases[i].ResidenceLA, want)
		}
	}
	problems := decodeProblems(t, header+"CDOP-2025-0001,Ava,Smith,2015-01-01,2025-03-01,female,not_available,Leds\n")
	if len(problems) != 1 || problems[0].Line != 2 || problems[0].Column != "residence_la" ||
		!strings.Contains(problems[0].Message, "Leeds (E08000035)") {
		t.Errorf("problems %v; want line 2: residence_la suggesting Leeds (E08000035)", problems)
	}
}

// recordingImporter is a store that accepts every row and records the
// lines it was given, and when.
type recordingImporter struct {
	lines     []int
	committed bool
}

func (r *recordingImporter) BeginImport(context.Context, func(int) string) (cdop.CaseImport, error) {
	return r, nil
}
func (r *recordingImporter) Add(_ context.Context, line int, _ *cdop.Case) (cdop.RowErrors, error) {
	r.lines = append(r.lines, line)
	return nil, nil
}
func (r *recordingImporter) Commit(context.Context) (int, error) {
	r.committed = true
	return len(r.lines), nil
}
func (r *recordingImporter) Rollback() error { return nil }

// brokenReader gives data, then fails as a disk or network might.
type brokenReader struct{ data *strings.Reader }

func (b brokenReader) Read(p []byte) (int, error) {
	if b.data.Len() == 0 {
		return 0, errors.New("input/output error")
	}
	return b.data.Read(p[:min(len(p), 64)])
}

func TestImportHandsOverRowsAsItReadsThem(t *testing.T) {
	// The rows go to the store one by one as they are read, not after the
	// whole file is in memory: a file that breaks off after three rows has
	// had those three checked, and nothing is committed.
	data := reportHeader
	for range 3 {
		data += ",Ada,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\n"
	}
	store := &recordingImporter{}
	n, err := interchange.Import(context.Background(), store, brokenReader{strings.NewReader(data)})
	if n != 0 || err == nil || !strings.Contains(err.Error(), "input/output error") {
		t.Errorf("Import = %d, %v; want the read error", n, err)
	}
	if !reflect.DeepEqual(store.lines, []int{2, 3, 4}) || store.committed {
		t.Errorf("the store was given lines %v (committed %v); want 2, 3 and 4 and no commit", store.lines, store.committed)
	}
}

// decodedImporter is a recordingImporter that also takes a decoder's cases
// as they are (cdop.DecodedCaseImport), and records which way each came.
type decodedImporter struct {
	recordingImporter
	decoded []int
}

func (d *decodedImporter) BeginImport(context.Context, func(int) string) (cdop.CaseImport, error) {
	return d, nil
}
func (d *decodedImporter) AddDecoded(_ context.Context, line int, c *cdop.Case) (cdop.RowErrors, error) {
	d.decoded = append(d.decoded, line)
	return nil, nil
}

func TestImportGivesAStoreThatTakesThemDecodedCases(t *testing.T) {
	data := reportHeader + ",Ada,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\n" +
		",Bea,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\n"
	store := &decodedImporter{}
	if _, err := interchange.Import(context.Background(), store, strings.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(store.decoded, []int{2, 3}) || len(store.lines) != 0 {
		t.Errorf("decoded lines %v, others %v; want lines 2 and 3 given as decoded", store.decoded, store.lines)
	}
}
