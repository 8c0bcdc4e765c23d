package interchange_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/interchange"
	"casemanager/storage"
)

// BenchmarkImportCSV10000 imports a 10,000-case interchange file into an
// empty SQLite database: parsing, validation, duplicate checks and the
// all-or-nothing write. Target: ≤ 2 s per import.
func BenchmarkImportCSV10000(b *testing.B) {
	today := cdop.NewDate(2026, 11, 23)
	cases := demo.Generate(demo.Options{Years: 10, PerYear: 1000, Seed: 42, Today: today})
	var file bytes.Buffer
	enc := interchange.NewEncoder(&file)
	for i, c := range cases {
		c.Ref = fmt.Sprintf("CDOP-%d-%04d", c.DateOfDeath.Year(), i)
		if err := enc.Encode(c); err != nil {
			b.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"), cdop.FixedClock(today.Time()))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n, err := interchange.Import(context.Background(), db, bytes.NewReader(file.Bytes()), today)
		if err != nil {
			b.Fatal(err)
		}
		if n != len(cases) {
			b.Fatalf("imported %d of %d cases", n, len(cases))
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}
