package sqlite

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/storagetest"
)

func benchDB(b *testing.B, path string) *DB {
	b.Helper()
	db, err := Open(b.Context(), path, nil)
	if err != nil {
		b.Fatal(err)
	}
	return db
}

func importRows(b *testing.B, db *DB, rows []enroll.Cardholder) {
	b.Helper()
	err := db.Update(b.Context(), func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(b.Context(), rows) })
	if err != nil {
		b.Fatal(err)
	}
}

func BenchmarkImport100k(b *testing.B) {
	rows := storagetest.GenCardholders(100_000, 1)
	dir := b.TempDir()
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		db := benchDB(b, filepath.Join(dir, fmt.Sprintf("import%d.db", n)))
		b.StartTimer()
		importRows(b, db, rows)
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// big builds a file database of 100,000 generated cardholders, closes it, and
// reopens it, returning the reopen time in ms (it includes the integrity check).
func big(b *testing.B) (*DB, []enroll.Cardholder, float64) {
	b.Helper()
	rows := storagetest.GenCardholders(100_000, 1)
	path := filepath.Join(b.TempDir(), "big.db")
	db := benchDB(b, path)
	importRows(b, db, rows)
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	db = benchDB(b, path)
	openMS := float64(time.Since(start)) / float64(time.Millisecond)
	b.Cleanup(func() { db.Close() })
	return db, rows, openMS
}

func BenchmarkCardholderSearch100k(b *testing.B) {
	db, rows, openMS := big(b)
	storagetest.BenchCardholderSearch(b, db, rows)
	b.ReportMetric(openMS, "open-ms")
}

func BenchmarkRequestList10k(b *testing.B) {
	db, rows, openMS := big(b)
	storagetest.SeedRequests(b, db, rows)
	storagetest.BenchRequestList(b, db, rows)
	b.ReportMetric(openMS, "open-ms")
}
