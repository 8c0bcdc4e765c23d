package interchange_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/interchange"
)

// benchToday is the day the benchmark cases are generated and imported as of.
var benchToday = cdop.NewDate(2026, 11, 23)

// writeCaseFile writes an interchange file of n demo cases, each with a
// reference of its own (as an export has them), to w. Sparse cases keep
// only the identity, the death, the notification and the stage.
func writeCaseFile(tb testing.TB, w *os.File, n int, sparse bool) {
	tb.Helper()
	years := 10
	cases := demo.Generate(demo.Options{Years: years, PerYear: n / years, Seed: 42, Today: benchToday})
	enc := interchange.NewEncoder(w)
	for i, c := range cases {
		if sparse {
			s := cdop.NewCase()
			s.FirstName, s.LastName, s.Sex = c.FirstName, c.LastName, c.Sex
			s.DateOfBirth, s.DateOfDeath, s.NotifiedOn = c.DateOfBirth, c.DateOfDeath, c.NotifiedOn
			s.NHSNumber, s.NHSNumberStatus, s.Postcode = c.NHSNumber, c.NHSNumberStatus, c.Postcode
			s.PlaceOfDeath, s.Expected = c.PlaceOfDeath, c.Expected
			s.DistinctReason = c.DistinctReason // a twin says why it is not a duplicate
			c = s
		}
		c.Ref = fmt.Sprintf("CDOP-%d-%06d", c.DateOfDeath.Year(), i)
		if err := enc.Encode(c); err != nil {
			tb.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImportCSV10000 imports a 10,000-case interchange file into an
// empty SQLite database: parsing, validation, duplicate checks and the
// all-or-nothing write. Target: ≤ 2 s per import.
func BenchmarkImportCSV10000(b *testing.B) {
	var file bytes.Buffer
	tmp, err := os.CreateTemp(b.TempDir(), "cases-*.csv")
	if err != nil {
		b.Fatal(err)
	}
	writeCaseFile(b, tmp, 10000, false)
	tmp.Close()
	data, err := os.ReadFile(tmp.Name())
	if err != nil {
		b.Fatal(err)
	}
	file.Write(data)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := openSealed(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n, err := interchange.Import(context.Background(), db, bytes.NewReader(file.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		if n != 10000 {
			b.Fatalf("imported %d of 10000 cases", n)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}
