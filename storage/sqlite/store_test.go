package sqlite

import (
	"path/filepath"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/storagetest"
)

func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "carddesk.db"), zaptest.NewLogger(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) enroll.Store { return openTemp(t) })
}
