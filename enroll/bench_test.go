package enroll_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// BenchmarkImportCSV100k measures the whole import path a desk uses: parse
// and validate 100,000 CSV rows, check external ids, store them and write the
// audit event, in one transaction on a fresh database file. Goal: under 2 s.
func BenchmarkImportCSV100k(b *testing.B) {
	const n = 100_000
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(enroll.CSVColumns)
	for _, c := range storagetest.GenCardholders(n, 1) {
		_ = w.Write([]string{c.ExternalID, c.FirstName, c.LastName, c.Email, c.Department, string(c.Status)})
	}
	w.Flush()
	data := buf.Bytes()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "import.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		st := enroll.New(db, enroll.Options{Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}})
		admin, err := st.Operators.Setup(ctx, "admin", "", "admin-pass-1234")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		got, err := st.Cardholders.Import(ctx, admin, "bench.csv", bytes.NewReader(data))
		b.StopTimer()
		if err != nil || got != n {
			b.Fatalf("imported %d: %v", got, err)
		}
		db.Close()
		b.StartTimer()
	}
}
