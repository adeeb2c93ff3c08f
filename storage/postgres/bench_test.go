package postgres

import (
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// big is a database of the rig holding 100,000 generated cardholders, the
// same ones storage/sqlite's benchmarks use.
func big(b *testing.B) (*DB, []enroll.Cardholder) {
	b.Helper()
	rows := storagetest.GenCardholders(100_000, 1)
	db, err := Open(b.Context(), pgtest.Shared(b).NewDatabaseLocale(b, "en_US.UTF-8"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Update(b.Context(), func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(b.Context(), rows) }); err != nil {
		b.Fatal(err)
	}
	settle(b, db)
	return db, rows
}

// settle vacuums and analyzes the database, as autovacuum does on a real
// server soon after a bulk import: the planner knows the tables' sizes, and
// counts read the index without visiting pages known to be all visible.
func settle(b *testing.B, db *DB) {
	b.Helper()
	if _, err := db.pool.ExecContext(b.Context(), "VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkCardholderSearch100k(b *testing.B) {
	db, rows := big(b)
	storagetest.BenchCardholderSearch(b, db, rows)
}

func BenchmarkRequestList10k(b *testing.B) {
	db, rows := big(b)
	storagetest.SeedRequests(b, db, rows)
	settle(b, db)
	storagetest.BenchRequestList(b, db, rows)
}

// BenchmarkImport100k stores 100,000 cardholders in one transaction, as
// storage/sqlite's benchmark of the same name: here the triggers also write
// about 2.2 million search prefixes (migrations/0010_search_prefixes.sql).
func BenchmarkImport100k(b *testing.B) {
	rows := storagetest.GenCardholders(100_000, 1)
	rig := pgtest.Shared(b)
	for b.Loop() {
		b.StopTimer()
		db, err := Open(b.Context(), rig.NewDatabaseLocale(b, "en_US.UTF-8"), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := db.Update(b.Context(), func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(b.Context(), rows) }); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}
