package postgres

import (
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// TestStore holds the PostgreSQL store to the contract SQLite's meets, each
// subtest on a fresh database of the rig. The databases sort as en_US.UTF-8
// does, like a server installed for people, not the rig's C.UTF-8: nothing
// in the contract may depend on the database's collation.
func TestStore(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) enroll.Store {
		dsn := pgtest.Shared(t).NewDatabaseLocale(t, "en_US.UTF-8")
		db, err := Open(t.Context(), dsn, nil)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() {
			if err := db.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return db
	})
}
