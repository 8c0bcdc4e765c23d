package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"
)

// hostileInput is a file given to `cdop import` that is not a case file,
// or a case file broken in a way a careful tester tries: import must
// refuse it in one sentence that says what the file looks like, exit 1,
// and store nothing.
type hostileInput struct {
	name  string
	path  func(t *testing.T) string // the file to import
	words []string                  // what the one sentence must say
}

// hostileFile writes content to a file of its own and returns its path.
func hostileFile(name string, content func() []byte) func(t *testing.T) string {
	return func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, content(), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
}

// example returns the spec's example file.
func example() []byte {
	b, err := os.ReadFile(exampleCSV)
	if err != nil {
		panic(err)
	}
	return b
}

// goodRows is a small valid file whose text can be made hostile.
const goodRows = "case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number_status,summary\n" +
	"CDOP-2025-0100,Amara,Okafor,2024-01-01,2025-01-01,female,not_available,First\n" +
	"CDOP-2025-0101,Oliver,Smith,2024-02-01,2025-02-01,male,not_available,Second\n"

func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

func hostileInputs() []hostileInput {
	return []hostileInput{
		{"CR-only line ends", hostileFile("mac.csv", func() []byte { return bytes.ReplaceAll(example(), []byte("\n"), []byte("\r")) }),
			[]string{"carriage return alone"}},
		{"semicolons", hostileFile("semi.csv", func() []byte { return []byte(strings.ReplaceAll(goodRows, ",", ";")) }),
			[]string{"separated by semicolons"}},
		{"tabs", hostileFile("tabs.tsv", func() []byte { return []byte(strings.ReplaceAll(goodRows, ",", "\t")) }),
			[]string{"separated by tabs"}},
		{"Excel sep=; line", hostileFile("sep.csv", func() []byte { return []byte("sep=;\r\n" + strings.ReplaceAll(goodRows, ",", ";")) }),
			[]string{`"sep=;"`, "semicolons"}},
		{"Excel sep=, line", hostileFile("sepcomma.csv", func() []byte { return []byte("sep=,\n" + goodRows) }),
			[]string{`"sep=,"`, "delete that line"}},
		{"Excel workbook (.xlsx)", hostileFile("cases.xlsx", func() []byte { return append([]byte("PK\x03\x04\x14\x00\x06\x00"), randomBytes(4000)...) }),
			[]string{"ZIP archive", "Excel workbook"}},
		{"old Excel workbook (.xls)", hostileFile("cases.xls", func() []byte { return append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), randomBytes(4000)...) }),
			[]string{"old Excel workbook"}},
		{"gzip", hostileFile("cases.csv.gz", func() []byte {
			var b bytes.Buffer
			w := gzip.NewWriter(&b)
			w.Write(example())
			w.Close()
			return b.Bytes()
		}), []string{"gzip"}},
		{"PDF", hostileFile("cases.pdf", func() []byte { return append([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), randomBytes(2000)...) }),
			[]string{"PDF document"}},
		{"SQLite database", func(t *testing.T) string {
			db := tempDB(t)
			if code, _, stderr := runCLI(t, "--db", db, "init"); code != 0 {
				t.Fatal(stderr)
			}
			return db
		}, []string{"SQLite database"}},
		{"random binary", hostileFile("noise.bin", func() []byte { return randomBytes(64 << 10) }),
			[]string{"binary"}},
		{"random binary without NULs", hostileFile("noise2.bin", func() []byte {
			return bytes.ReplaceAll(randomBytes(64<<10), []byte{0}, []byte{1})
		}), []string{"binary data, not text"}},
		{"XML", hostileFile("cases.xml", func() []byte { return []byte("<?xml version=\"1.0\"?>\n<cases><case ref=\"1\"/></cases>\n") }),
			[]string{"XML or HTML"}},
		{"UTF-16 text", hostileFile("utf16.csv", func() []byte {
			b := []byte{0xFF, 0xFE}
			for _, u := range utf16.Encode([]rune(goodRows)) {
				b = append(b, byte(u), byte(u>>8))
			}
			return b
		}), []string{"UTF-16"}},
		{"4 KB of NULs in a name", hostileFile("nuls.csv", func() []byte {
			return []byte(strings.Replace(goodRows, "Amara", strings.Repeat("\x00", 4096), 1))
		}), []string{"NUL bytes", "binary"}},
		{"4 KB of NULs past the first 8 KB", hostileFile("late-nuls.csv", func() []byte {
			rows := goodRows
			for m := 1; m <= 12; m++ {
				for d := 1; d <= 5; d++ {
					rows += fmt.Sprintf(",Ada,Jones,2020-%02d-%02d,2024-02-01,female,not_available,%s\n", m, d, strings.Repeat("x", 200))
				}
			}
			return []byte(rows + ",Bea," + strings.Repeat("\x00", 4096) + ",2024-01-01,2024-02-01,female,not_available,\n")
		}), []string{"NUL bytes", "binary"}},
		{"a 1 MB value", hostileFile("big.csv", func() []byte {
			return []byte(strings.Replace(goodRows, "First", strings.Repeat("A", 1_000_000), 1))
		}), []string{"summary", "1000000 bytes", "more than any column takes"}},
		{"a 6 MB line with no end", hostileFile("oneline.csv", func() []byte {
			return []byte(goodRows + strings.Repeat("A", 6<<20))
		}), []string{"longer than 4 MiB"}},
		{"a quote never closed", hostileFile("openquote.csv", func() []byte {
			return []byte(goodRows + `CDOP-2025-0102,"Ada` + strings.Repeat("\nmore text", 600_000))
		}), []string{"longer than 4 MiB", "quote mark"}},
		{"ESC sequences in a header", hostileFile("esc.csv", func() []byte {
			file := strings.ReplaceAll(goodRows, "\n", ",\n")
			return []byte(strings.Replace(file, ",summary,\n", ",summary,\x1b]0;owned\x07\x1b[2J\x1b[31mred\n", 1))
		}), []string{`unknown column`, `\x1b[2J`}},
		{"right-to-left override in a header", hostileFile("rlo.csv", func() []byte {
			file := strings.ReplaceAll(goodRows, "\n", ",\n")
			return []byte(strings.Replace(file, ",summary,\n", ",summary,evil\u202ecsv.exe\n", 1))
		}), []string{`\u202e`}},
		{"a header of another kind of file", hostileFile("people.csv", func() []byte { return []byte("Name,Age,Town\nBob,3,Leeds\n") }),
			[]string{"names none of the columns"}},
		{"JSON", hostileFile("cases.json", func() []byte { return []byte(`[{"case_ref": "CDOP-2025-0001", "first_name": "Ada"}]` + "\n") }),
			[]string{"looks like JSON"}},
		{"a header of 500,000 empty columns", hostileFile("commas.csv", func() []byte { return []byte(strings.Repeat(",", 500_000) + "\n") }),
			[]string{"names none of the columns"}},
		{"an empty file", hostileFile("empty.csv", func() []byte { return nil }),
			[]string{"empty"}},
		{"Windows-1252 text", hostileFile("latin1.csv", func() []byte {
			return []byte(strings.Replace(goodRows, "Amara", "Zo\xeb", 1))
		}), []string{"line 2", "UTF-8"}},
		{"/dev/zero", func(t *testing.T) string {
			if runtime.GOOS != "linux" {
				t.Skip("no /dev/zero")
			}
			return "/dev/zero"
		}, []string{"NUL bytes"}},
	}
}

// TestImportRefusesHostileInputsInOneSentence runs `cdop import` on each
// hostile input.
func TestImportRefusesHostileInputsInOneSentence(t *testing.T) {
	handled := 0
	for _, in := range hostileInputs() {
		t.Run(in.name, func(t *testing.T) {
			db := tempDB(t)
			path := in.path(t)
			code, stdout, stderr := runCLI(t, "--db", db, "import", path)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stdout %q, stderr %q", code, stdout, stderr)
			}
			var problems []string
			for _, l := range strings.Split(stderr, "\n") {
				if strings.HasPrefix(l, "line ") {
					problems = append(problems, l)
				}
			}
			if len(problems) != 1 {
				t.Fatalf("%d problems, want one sentence:\n%.2000s", len(problems), stderr)
			}
			if strings.Count(strings.TrimSuffix(problems[0], "."), ". ") > 0 || len(stderr) > 600 {
				t.Errorf("not one short sentence (%d bytes): %q", len(stderr), stderr)
			}
			for _, w := range in.words {
				if !strings.Contains(problems[0], w) {
					t.Errorf("%q does not say %q", problems[0], w)
				}
			}
			if i := strings.IndexFunc(stderr, func(r rune) bool {
				return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u202e' || r == '\ufffd'
			}); i >= 0 {
				t.Errorf("stderr holds a control character at %d: %q", i, stderr)
			}
			_, out, _ := runCLI(t, "--db", db, "cases", "--format", "csv")
			if strings.Count(out, "\n") != 1 {
				t.Errorf("cases were stored:\n%s", out)
			}
			if !t.Failed() {
				handled++
			}
		})
	}
	t.Logf("%d hostile inputs tried, %d handled", len(hostileInputs()), handled)
}

func TestMessagesNeverCarryControlCharactersToTheTerminal(t *testing.T) {
	// A file name is echoed as given; its escape sequences are not.
	name := filepath.Join(t.TempDir(), "a\x1b[2J\x1b]0;owned\x07b\u202e.csv")
	code, _, stderr := runCLI(t, "--db", tempDB(t), "import", name)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(stderr, "\x1b\x07\u202e") || !strings.Contains(stderr, `a\x1b[2J\x1b]0;owned\ab\u202e.csv`) {
		t.Errorf("stderr = %q; want the name with its control characters escaped", stderr)
	}
}

func TestTableCellsShowControlCharactersEscaped(t *testing.T) {
	var buf bytes.Buffer
	out := newRowWriter(&buf, "table", []string{"case_ref", "detail"})
	if err := out.Write([]string{"CDOP-2025-0001", "Leeds\tGP\n\x1b[2Jsurgery"}); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "case_ref        detail\nCDOP-2025-0001  Leeds\\tGP\\n\\x1b[2Jsurgery\n"; got != want {
		t.Errorf("table = %q, want %q", got, want)
	}
}
